namespace Nictune.Core.Profiles;

/// <summary>
/// One thing wrong with a profile, located like a compiler diagnostic:
/// <c>packaging/profiles/x.yaml:12:7: interfaces[0].ring.rx: expected a number or 'max', got "big"</c>.
/// <see cref="Line"/> and <see cref="Column"/> are 1-based; 0 means the error has no position (a missing file,
/// an unknown profile named on the command line). <see cref="Field"/> is the path of the offending field
/// (<c>interfaces[0].ring.rx</c>, <c>sysctl.net.core.somaxconn</c>, <c>extends[1]</c>), empty for the whole file.
/// </summary>
public sealed record ProfileError(string File, int Line, int Column, string Field, string Message)
{
    public static ProfileError At(SourceLocation location, string field, string message) =>
        new(location.File, location.Line, location.Column, field, message);

    public SourceLocation Location => new(File, Line, Column);

    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}: " : File.Length > 0 ? $"{File}: " : string.Empty;
        return Field.Length > 0 ? $"{where}{Field}: {Message}" : $"{where}{Message}";
    }
}

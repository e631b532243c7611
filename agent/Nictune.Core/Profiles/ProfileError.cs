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
    /// <summary>Longest field path printed; the longest real one (interfaces[N].features.&lt;kernel name&gt;) is under 80.</summary>
    public const int MaxFieldLength = 120;

    public static ProfileError At(SourceLocation location, string field, string message) =>
        new(location.File, location.Line, location.Column, field, message);

    public SourceLocation Location => new(File, Line, Column);

    /// <summary>
    /// <see cref="Field"/> as printed or sent: a field path carries keys from the file (sysctl.&lt;key&gt;), so it is
    /// quoted bounded, as every token from a file is.
    /// </summary>
    public string ShownField => Field.Length > MaxFieldLength ? Field[..MaxFieldLength] + "…" : Field;

    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}: " : File.Length > 0 ? $"{File}: " : string.Empty;
        var field = ShownField;
        return field.Length > 0 ? $"{where}{field}: {Message}" : $"{where}{Message}";
    }
}

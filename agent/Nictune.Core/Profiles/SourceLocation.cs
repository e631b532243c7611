namespace Nictune.Core.Profiles;

/// <summary>
/// Where in a profile file a value came from, so errors can name file, line and field. A class for the same reason as
/// <see cref="Tuning.SettingKey"/>: the collections and JSON metadata over it share the reference-type code.
/// </summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

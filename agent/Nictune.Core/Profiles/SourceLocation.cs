namespace Nictune.Core.Profiles;

/// <summary>Where in a profile file a value came from, so errors can name file, line and field.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

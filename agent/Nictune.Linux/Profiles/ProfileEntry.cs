namespace Nictune.Linux.Profiles;

/// <summary>One profile name on the search path: the file that defines it, and same-named files later in the path that it hides.</summary>
public sealed record ProfileEntry(string Name, string Path, IReadOnlyList<string> Shadowed);

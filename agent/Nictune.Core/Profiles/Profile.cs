namespace Nictune.Core.Profiles;

/// <summary>
/// A profile as written in one file, before <c>extends</c> is resolved.
/// Sysctl values are kept as the kernel's text form ("4096 131072 16777216").
/// </summary>
public sealed record Profile
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Extends { get; init; } = [];
    public IReadOnlyDictionary<string, string> Sysctl { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<InterfaceRule> Interfaces { get; init; } = [];
    /// <summary>The file the profile was read from; used in every error and in plan output.</summary>
    public required string Source { get; init; }
}

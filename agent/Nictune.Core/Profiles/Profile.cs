namespace Nictune.Core.Profiles;

/// <summary>
/// A profile as written in one file, before <c>extends</c> is resolved; <see cref="ProfileResolver"/> turns it into
/// one merged profile whose <see cref="Extends"/> is empty.
/// Sysctl values are kept as the kernel's text form ("4096 131072 16777216"); sysctl keys are in
/// <see cref="Tuning.SysctlKey"/>'s dotted form. A key in <see cref="SysctlAtLeast"/> is raise-only: its value is a
/// floor (<see cref="SysctlFloor"/>), and a field the system already holds higher is kept.
/// </summary>
public sealed record Profile
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Extends { get; init; } = [];
    public IReadOnlyDictionary<string, string> Sysctl { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The keys of <see cref="Sysctl"/> written as <c>{ at-least: VALUE }</c>: their value is a field-wise floor, never
    /// lowered to. Every key here is also in <see cref="Sysctl"/>; a key only in <see cref="Sysctl"/> is set exactly.
    /// </summary>
    public IReadOnlySet<string> SysctlAtLeast { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public IReadOnlyList<InterfaceRule> Interfaces { get; init; } = [];
    /// <summary>The file the profile was read from; used in every error and in plan output.</summary>
    public required string Source { get; init; }

    /// <summary>
    /// Where each <see cref="Sysctl"/> value was written, keyed like <see cref="Sysctl"/>. After resolution a key's
    /// location is in the file whose value won, so a plan can say where a sysctl came from. May be incomplete for
    /// profiles built in code.
    /// </summary>
    public IReadOnlyDictionary<string, SourceLocation> SysctlLocations { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>Where each <see cref="Extends"/> entry was written, index for index (for "unknown profile" and cycle errors).</summary>
    public IReadOnlyList<SourceLocation> ExtendsLocations { get; init; } = [];
}

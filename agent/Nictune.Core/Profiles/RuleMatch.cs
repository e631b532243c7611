using Nictune.Core.Model;

namespace Nictune.Core.Profiles;

/// <summary>
/// Which interfaces a rule applies to. Each criterion is a set of alternatives; a null criterion matches anything.
/// All non-null criteria must match. Names are shell-style globs.
/// </summary>
public sealed record RuleMatch(
    IReadOnlyList<NicClass>? Classes = null,
    IReadOnlyList<string>? Drivers = null,
    IReadOnlyList<string>? Names = null,
    IReadOnlyList<Hypervisor>? Hypervisors = null);

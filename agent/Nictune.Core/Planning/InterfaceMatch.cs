using Nictune.Core.Profiles;

namespace Nictune.Core.Planning;

/// <summary>Which profile rule, if any, an interface matched, so the plan can say why an interface is left alone.</summary>
/// <param name="Interface">The interface name.</param>
/// <param name="Rule">The location of the first matching rule; null when none matched.</param>
/// <param name="RuleIndex">The zero-based index of that rule in the profile's <c>interfaces</c> list; -1 when none matched.</param>
/// <param name="Note">Anything the operator should know about how the interface is planned (failover masters).</param>
public sealed record InterfaceMatch(string Interface, SourceLocation? Rule, int RuleIndex, string? Note = null);

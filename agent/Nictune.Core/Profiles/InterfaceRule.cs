namespace Nictune.Core.Profiles;

/// <summary>One entry of a profile's ordered <c>interfaces</c> list. The first rule that matches an interface wins.</summary>
public sealed record InterfaceRule(RuleMatch Match, InterfaceSettings Settings, SourceLocation Location);

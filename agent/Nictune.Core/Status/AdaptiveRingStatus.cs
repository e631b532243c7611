namespace Nictune.Core.Status;

/// <summary>What adaptive rings says about one interface, for <c>GetStatus</c> and <c>nictune status</c>.</summary>
/// <param name="Device">The interface.</param>
/// <param name="Setting">ring.rx.</param>
/// <param name="State"><c>suggested</c> (a larger ring would help, not applied), <c>overlay</c> (an applied value kept
/// over the profile's), <c>at_maximum</c> or <c>not_helping</c>.</param>
/// <param name="Current">The ring size it holds (for an overlay: the profile's own value it replaced, as asked).</param>
/// <param name="Value">The suggested or kept size.</param>
/// <param name="DropsPerSecond">The rate that led here.</param>
/// <param name="Reason">Why (for a suggestion: why it was not applied).</param>
/// <param name="ProfileLine">The profile line that would make it permanent.</param>
public sealed record AdaptiveRingStatus(string Device, string Setting, string State, string Current, long? Value, double DropsPerSecond, string Reason, string? ProfileLine);

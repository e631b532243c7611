namespace Nictune.Host.Daemon.Events;

// The adaptive rings' events (docs/adaptive.md), kept together as AgentEventData.cs keeps the others.

/// <summary>A larger rx ring would help and was not applied (suggest mode, observe mode, the link-reset guard, the budget).</summary>
/// <param name="Device">The interface.</param>
/// <param name="Setting">ring.rx.</param>
/// <param name="Current">Its rx ring now.</param>
/// <param name="Target">The size suggested.</param>
/// <param name="Maximum">The driver's maximum.</param>
/// <param name="DropsPerSecond">The sustained rate of ring-exhaustion drops.</param>
/// <param name="Fraction">Those drops as a fraction of the packets that arrived.</param>
/// <param name="Reason">Why it was not applied.</param>
/// <param name="ProfileLine">The profile line that would make it permanent.</param>
public sealed record AdaptiveSuggested(string Device, string Setting, long Current, long Target, long Maximum, double DropsPerSecond, double Fraction, string Reason, string ProfileLine) : AgentEventData;

/// <summary>An adaptive growth ran as a transaction.</summary>
/// <param name="Device">The interface.</param>
/// <param name="Setting">ring.rx.</param>
/// <param name="From">Its rx ring before.</param>
/// <param name="Target">The size asked for.</param>
/// <param name="Held">What the driver held afterwards (null when the transaction rolled back).</param>
/// <param name="DropsPerSecond">The rate that triggered it.</param>
/// <param name="Result"><c>applied</c>; <c>adjusted</c> (the driver held another value: set aside); <c>failed</c> (rolled back: set aside).</param>
/// <param name="TransactionId">The transaction in the history.</param>
public sealed record AdaptiveChanged(string Device, string Setting, long From, long Target, long? Held, double DropsPerSecond, string Result, string TransactionId) : AgentEventData;

/// <summary>Drops are sustained and nothing will be grown: the ring is at its maximum, or the last growth did not help.</summary>
/// <param name="Device">The interface.</param>
/// <param name="Setting">ring.rx.</param>
/// <param name="Current">Its rx ring.</param>
/// <param name="Maximum">The driver's maximum.</param>
/// <param name="DropsPerSecond">The rate now.</param>
/// <param name="Kind"><c>at_maximum</c> or <c>not_helping</c>.</param>
/// <param name="Reason">What to do.</param>
public sealed record AdaptiveHeld(string Device, string Setting, long Current, long Maximum, double DropsPerSecond, string Kind, string Reason) : AgentEventData;

/// <summary>An overlay value was removed because its rule no longer applies (a profile change or push).</summary>
/// <param name="Device">The interface.</param>
/// <param name="Setting">ring.rx.</param>
/// <param name="Value">The value it kept.</param>
/// <param name="Reason">Why it no longer applies.</param>
public sealed record AdaptiveOverlayCleared(string Device, string Setting, long Value, string Reason) : AgentEventData;

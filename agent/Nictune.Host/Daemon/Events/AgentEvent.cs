namespace Nictune.Host.Daemon.Events;

/// <summary>One event of the agent's stream: what happened (<see cref="Data"/>), numbered and timed as it was published.</summary>
/// <param name="Sequence">1, 2, 3, … in publish order, never reused while the process runs: a subscriber's <c>since</c>.</param>
/// <param name="Timestamp">When it was published.</param>
/// <param name="Data">What happened: one of the <see cref="AgentEventData"/> records.</param>
public sealed record AgentEvent(long Sequence, DateTimeOffset Timestamp, AgentEventData Data);

using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;

namespace Nictune.Host.Daemon;

/// <summary>
/// How the rest of the process (the gRPC API, the metrics) drives and watches the running agent. Every method that
/// changes something is posted to the daemon's one work loop, the same one that runs hot-plug, drift and reload, so
/// nothing ever interleaves with a pass; it completes with its result when its pass has finished. A caller's
/// cancellation only stops the wait: work not yet started is taken off the queue, work started runs to its end (its
/// transaction finishes or rolls back) and its result is still in the event stream and the status.
/// Failures: <see cref="AgentUnavailableException"/> (queue full, or stopping; nothing done),
/// <see cref="Nictune.Core.Profiles.ProfileException"/> (unknown or invalid profile; nothing done),
/// <see cref="Nictune.Protocol.Api.ApiException"/> (a refusal the API defines, such as observe mode, which writes
/// nothing). Anything else is a fault, which the API reports as INTERNAL.
/// </summary>
public interface IAgentControl
{
    /// <summary>The agent's event stream: subscribe (with <c>since</c>) for WatchEvents.</summary>
    AgentEventFeed Events { get; }

    /// <summary>A snapshot of the status, without waiting for the loop.</summary>
    AgentStatus GetStatus();

    /// <summary>
    /// Applies a profile by name (or file) as one transaction and enforces it from then on (source <c>applied</c>).
    /// <paramref name="profile"/> runs in the loop's turn, just before, and names the profile from what holds then (the
    /// API's "the active profile"), after any check that must not go stale while the request waits (the API's
    /// <c>expected_generation</c>). It refuses by throwing, and then nothing is done.
    /// </summary>
    Task<TuneSummary> ApplyProfileAsync(Func<string> profile, CancellationToken cancellationToken);

    /// <summary>Rolls back (last apply, or to the baseline), then enforces nothing until a reload, a push or an apply.</summary>
    Task<TuneSummary> RollbackAsync(RollbackTarget target, CancellationToken cancellationToken);

    /// <summary>Re-reads agent.yaml and the profiles; returns when the reload's pass has finished, or why it was rejected.</summary>
    Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in the loop, then selects the active profile again and applies it: for a push or a
    /// delete of the pushed profile, whose file <paramref name="work"/> writes or removes. <paramref name="published"/>
    /// (e.g. <see cref="ProfilePushed"/>) is published once <paramref name="work"/> succeeded and says it changed
    /// something (a push of the document already held changes nothing; the pass still runs).
    /// </summary>
    Task<TuneSummary> ChangePushedProfileAsync(Func<bool> work, AgentEventData published, CancellationToken cancellationToken);
}

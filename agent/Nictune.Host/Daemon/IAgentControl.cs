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
    /// Stores <paramref name="push"/>'s document as the pushed profile, after checking its expected generation, in the
    /// loop's turn; from then on its profile, as parsed when the push was accepted, is enforced (source <c>pushed</c>),
    /// and a pass applies it now when the push asks for one (<see cref="ProfilePush.Apply"/>). Publishes
    /// <see cref="ProfilePushed"/> when something was stored. A pass that fails after the store is in the result, not thrown.
    /// Throws <see cref="StaleGenerationException"/> or <see cref="Nictune.Core.Transactions.StateStoreException"/>, and then nothing is done.
    /// </summary>
    Task<PushResult> PushProfileAsync(ProfilePush push, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the pushed profile <paramref name="name"/> in the loop's turn (when it is still the one pushed then and
    /// <paramref name="expectedGeneration"/> holds), publishes <see cref="ProfileDeleted"/>, and applies the configured
    /// profile again.
    /// </summary>
    Task<UnpushResult> UnpushProfileAsync(string name, ulong expectedGeneration, CancellationToken cancellationToken);
}

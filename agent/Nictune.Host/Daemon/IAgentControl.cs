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
    /// With <paramref name="confirm"/>, a transaction that changed something is held pending confirmation
    /// (<see cref="ConfirmationWindow"/>). Every mutation is refused while another change is pending.
    Task<TuneSummary> ApplyProfileAsync(Func<string> profile, ConfirmRequest? confirm, CancellationToken cancellationToken);

    /// <summary>Rolls back (last apply, or to the baseline), then enforces nothing until a reload, a push or an apply; held pending as an apply with <paramref name="confirm"/>.</summary>
    Task<TuneSummary> RollbackAsync(RollbackTarget target, ConfirmRequest? confirm, CancellationToken cancellationToken);

    /// <summary>
    /// Confirms the change pending confirmation (<paramref name="id"/> empty: whichever is pending), in the loop's turn;
    /// <paramref name="connection"/> is the server's id of the caller's connection, which must not be the one that made
    /// the change. Refusals are <see cref="Nictune.Protocol.Api.ApiException"/>s, and change nothing.
    /// </summary>
    Task<TransactionResult> ConfirmAsync(string id, string connection, string caller, CancellationToken cancellationToken);

    /// <summary>The change pending confirmation, if any, without waiting for the loop.</summary>
    PendingConfirmation? Pending { get; }

    /// <summary>The id of the transaction that last reverted an unconfirmed change, if any since the agent started.</summary>
    string? LastRevert { get; }

    /// <summary>Re-reads agent.yaml and the profiles; returns when the reload's pass has finished, or why it was rejected.</summary>
    Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="push"/>'s document as the pushed profile, after checking its expected generation, in the
    /// loop's turn; from then on its profile, as parsed when the push was accepted, is enforced (source <c>pushed</c>),
    /// and a pass applies it now when the push asks for one (<see cref="ProfilePush.Apply"/>), held pending confirmation
    /// with <see cref="ProfilePush.Confirm"/>. Publishes
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

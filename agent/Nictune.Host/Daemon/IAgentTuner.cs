using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Status;

namespace Nictune.Host.Daemon;

/// <summary>
/// The seam between the daemon and the tuning engine. The daemon owns lifecycle, signals, hot-plug, timing and the
/// one work loop; the tuner owns what gets changed. Calls never overlap: the work loop makes them one at a time, and a
/// stop waits for the one in flight. A call runs to its end: its transaction finishes or rolls back (the
/// <see cref="CancellationToken"/> is for the waits around it, never for a transaction half-way). The one way to cut a
/// transaction short is <see cref="InterruptTransaction"/>, which ends it in a clean rollback.
/// </summary>
public interface IAgentTuner
{
    /// <summary>The first tune after start. READY=1 is sent when this completes; an exception stops the daemon (exit 1).</summary>
    Task<TuneSummary> TuneAtBootAsync(AgentSettings settings, CancellationToken cancellationToken);

    /// <summary>Bring the system back to the profile: after link changes (coalesced), a resync, or a drift tick. A failure is logged, not fatal.</summary>
    Task<TuneSummary> ReconcileAsync(ReconcileReason reason, CancellationToken cancellationToken);

    /// <summary>SIGHUP or the API with a valid new configuration (an invalid one is rejected before this and the old one stays).</summary>
    Task<TuneSummary> ReloadAsync(AgentSettings settings, CancellationToken cancellationToken);

    /// <summary>Apply a profile by name (or file) now and enforce it from then on, until a reload, a push or a restart.</summary>
    Task<TuneSummary> ApplyProfileAsync(string profile, CancellationToken cancellationToken);

    /// <summary>Roll back (the last apply, or to the baseline), then enforce nothing until a reload, a push or an apply.</summary>
    Task<TuneSummary> RollbackAsync(RollbackTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// Undoes one recorded transaction (a change not confirmed in time), then enforces nothing, as after a rollback; with
    /// <paramref name="reselect"/> (the revert of a push, whose store was put back), what the pushed store and the
    /// configuration select, with no pass.
    /// </summary>
    Task<TuneSummary> UndoAsync(string transactionId, bool reselect, CancellationToken cancellationToken);

    /// <summary>
    /// The pushed profile was stored (or found held already) in this turn: enforce <paramref name="profile"/>, as parsed
    /// when the push was accepted, with the store as it now is (<paramref name="pushed"/>); no file is read again. A pass
    /// applies it now when <paramref name="apply"/> (its summary is returned); otherwise none runs (null), and the next
    /// pass (a drift check, a link change, a reload) applies it.
    /// </summary>
    Task<TuneSummary?> UsePushedProfileAsync(Profile profile, PushedStatus pushed, bool apply, CancellationToken cancellationToken);

    /// <summary>The pushed profile was removed in this turn (<paramref name="pushed"/>, the store now): enforce the configured profile again and apply it.</summary>
    Task<TuneSummary> UseConfiguredProfileAsync(PushedStatus pushed, CancellationToken cancellationToken);

    /// <summary>
    /// Adaptive rings (docs/adaptive.md): sample the counters, decide, and grow at most one rx ring as a transaction.
    /// <paramref name="otherWorkWaiting"/> defers any change to the work already queued. A failure is logged, not fatal.
    /// </summary>
    Task AdaptAsync(bool otherWorkWaiting, CancellationToken cancellationToken);

    /// <summary>
    /// The stop deadline passed with a call in flight: its transaction stops at its next write and rolls back every
    /// change (a write already under way finishes first). Called from another thread; later transactions stop at once.
    /// </summary>
    void InterruptTransaction();

    /// <summary>The daemon is stopping (after any in-flight call finished): honour <see cref="AgentSettings.OnStop"/>.</summary>
    Task OnStopAsync(AgentSettings settings, CancellationToken cancellationToken);
}

using Nictune.Host.Daemon.Configuration;

namespace Nictune.Host.Daemon;

/// <summary>
/// The seam between the daemon and the tuning engine. The daemon owns lifecycle, signals, hot-plug and timing;
/// the tuner owns what gets changed. Calls never overlap: the daemon serializes them, and a stop waits for the
/// one in flight. The <see cref="CancellationToken"/> passed in fires only when the stop deadline expires
/// (systemd's TimeoutStopSec), not when the stop begins, so a transaction can finish or roll back cleanly.
/// </summary>
public interface IAgentTuner
{
    /// <summary>The first tune after start. READY=1 is sent when this completes; an exception stops the daemon (exit 1).</summary>
    Task<TuneSummary> TuneAtBootAsync(AgentSettings settings, CancellationToken cancellationToken);

    /// <summary>Bring the system back to the profile: after link changes (debounced), a resync, or a drift tick. A failure is logged, not fatal.</summary>
    Task ReconcileAsync(ReconcileReason reason, CancellationToken cancellationToken);

    /// <summary>SIGHUP with a valid new configuration (an invalid one is rejected before this and the old one stays).</summary>
    Task<TuneSummary> ReloadAsync(AgentSettings settings, CancellationToken cancellationToken);

    /// <summary>The daemon is stopping (after any in-flight call finished): honour <see cref="AgentSettings.OnStop"/>.</summary>
    Task OnStopAsync(AgentSettings settings, CancellationToken cancellationToken);
}

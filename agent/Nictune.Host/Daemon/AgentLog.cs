using Microsoft.Extensions.Logging;

namespace Nictune.Host.Daemon;

/// <summary>The daemon's log messages: source-generated, no boxing, stable event ids 1–99 for journal filtering.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(1, LogLevel.Information, "Starting: profile {Profile}, mode {Mode}, drift interval {DriftInterval}, configuration {ConfigFile}")]
    public static partial void Starting(ILogger logger, string profile, string mode, string driftInterval, string configFile);

    [LoggerMessage(2, LogLevel.Information, "Boot tune done: {Status}; {SinceExecMs} ms after exec")]
    public static partial void BootTuneDone(ILogger logger, string status, long sinceExecMs);

    [LoggerMessage(3, LogLevel.Critical, "Boot tune failed; stopping")]
    public static partial void BootTuneFailed(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Reconciling ({Trigger}): {Links}")]
    public static partial void Reconciling(ILogger logger, ReconcileTrigger trigger, string links);

    [LoggerMessage(5, LogLevel.Error, "Reconcile ({Trigger}) failed; will retry on the next event or drift tick")]
    public static partial void ReconcileFailed(ILogger logger, ReconcileTrigger trigger, Exception exception);

    [LoggerMessage(21, LogLevel.Error, "Adaptive rings: the sample or decision failed; tried again at the next tick")]
    public static partial void AdaptFailed(ILogger logger, Exception exception);

    [LoggerMessage(22, LogLevel.Error, "Pushed profile {Profile} is stored (generation {Generation}) but the pass that applies it failed (id {CorrelationId}); it is applied at the next pass")]
    public static partial void PushNotApplied(ILogger logger, string profile, ulong generation, string correlationId, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "SIGHUP: reloading the configuration")]
    public static partial void ReloadRequested(ILogger logger);

    [LoggerMessage(8, LogLevel.Error, "Reload failed; the previous configuration stays in force")]
    public static partial void ReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Stopping after {WaitedMs} ms waiting for in-flight work")]
    public static partial void Stopping(ILogger logger, long waitedMs);

    [LoggerMessage(11, LogLevel.Warning, "In-flight work did not finish before the stop deadline; the stop step (on-stop) is skipped rather than run beside it")]
    public static partial void StopDeadlineExpired(ILogger logger);

    [LoggerMessage(12, LogLevel.Error, "Stop handling failed")]
    public static partial void OnStopFailed(ILogger logger, Exception exception);

    [LoggerMessage(13, LogLevel.Warning, "Link monitor unavailable ({Reason}); hot-plug is detected only at drift ticks")]
    public static partial void LinkMonitorUnavailable(ILogger logger, string reason);

    [LoggerMessage(14, LogLevel.Error, "Link monitor failed; hot-plug is detected only at drift ticks from now on")]
    public static partial void LinkMonitorFailed(ILogger logger, Exception exception);

    [LoggerMessage(15, LogLevel.Warning, "Could not send {Message} to the service manager ($NOTIFY_SOCKET): {Error}")]
    public static partial void NotifyFailed(ILogger logger, string message, string error);

    [LoggerMessage(19, LogLevel.Critical, "A pass has run for more than {MaxPassSeconds} s: watchdog keep-alives withheld, so systemd's WatchdogSec restarts the agent")]
    public static partial void WatchdogWithheld(ILogger logger, long maxPassSeconds);

    [LoggerMessage(18, LogLevel.Critical, "Boot tune failed and its rollback failed too; settings are left changed (listed above); not ready, exiting 3: {Message}")]
    public static partial void BootRollbackFailed(ILogger logger, string message);

    [LoggerMessage(17, LogLevel.Critical, "Not started: {Reason}")]
    public static partial void StateDirectoryBusy(ILogger logger, string reason);

    /// <summary>A state file failed its checks (owner, mode, shape): the same text the CLI prints, naming file and field.</summary>
    [LoggerMessage(20, LogLevel.Critical, "Not started: {Reason}")]
    public static partial void StateFileInvalid(ILogger logger, string reason);

    [LoggerMessage(16, LogLevel.Information, "Watchdog armed: WATCHDOG=1 every {IntervalMs} ms")]
    public static partial void WatchdogArmed(ILogger logger, long intervalMs);
}

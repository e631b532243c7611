using Microsoft.Extensions.Hosting.Systemd;
using Nictune.Linux.Systemd;

namespace Nictune.Host.Daemon;

/// <summary>What the service manager told us through the environment.</summary>
/// <param name="Notifier">sd_notify to <c>$NOTIFY_SOCKET</c>; disabled when systemd gave us none.</param>
/// <param name="WatchdogInterval">How often to send WATCHDOG=1, or null when no watchdog is armed for us.</param>
/// <param name="UnderSystemd">Started by systemd: log in the journal's format (priority prefixes, no timestamps).</param>
public sealed record DaemonEnvironment(ISystemdNotifier Notifier, TimeSpan? WatchdogInterval, bool UnderSystemd)
{
    /// <remarks>
    /// UnderSystemd is our own check rather than <see cref="SystemdHelpers.IsSystemdService"/>: in 10.0.x that
    /// looks for a parent whose /proc/&lt;ppid&gt;/comm is "systemd" (or for PID 1 in a container), a probe that
    /// dotnet/runtime's own later source notes can fail silently under ProtectProc=invisible, which our unit sets.
    /// systemd sets INVOCATION_ID (and JOURNAL_STREAM when stdout is the journal) for every service it starts.
    /// </remarks>
    public static DaemonEnvironment FromProcess() => new(
        new SystemdNotifier(),
        SdWatchdog.PingInterval(),
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("INVOCATION_ID")));
}

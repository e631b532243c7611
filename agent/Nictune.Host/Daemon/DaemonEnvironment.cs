using Nictune.Linux.Systemd;

namespace Nictune.Host.Daemon;

/// <summary>What the service manager told us through the environment.</summary>
/// <param name="WatchdogInterval">How often to send WATCHDOG=1, or null when no watchdog is armed for us.</param>
/// <param name="UnderSystemd">Started by systemd: log in the journal's format (priority prefixes, no timestamps).</param>
public sealed record DaemonEnvironment(SdNotify Notify, TimeSpan? WatchdogInterval, bool UnderSystemd)
{
    public static DaemonEnvironment FromProcess() => new(
        SdNotify.FromEnvironment(),
        SdWatchdog.PingInterval(),
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("INVOCATION_ID")));
}

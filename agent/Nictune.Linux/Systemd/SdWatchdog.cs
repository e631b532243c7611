using System.Globalization;

namespace Nictune.Linux.Systemd;

/// <summary>Reads the watchdog contract systemd passes in the environment (WatchdogSec= in the unit).</summary>
public static class SdWatchdog
{
    public const string UsecVariable = "WATCHDOG_USEC";
    public const string PidVariable = "WATCHDOG_PID";

    /// <summary>How often to send WATCHDOG=1, or null when systemd expects no keep-alives from this process.</summary>
    public static TimeSpan? PingInterval() =>
        PingInterval(Environment.GetEnvironmentVariable(UsecVariable), Environment.GetEnvironmentVariable(PidVariable), Environment.ProcessId);

    /// <summary>
    /// Half the timeout, as sd_watchdog_enabled(3) advises, so one late tick never trips it. A WATCHDOG_PID naming
    /// another process means the variables were inherited from our parent and are not meant for us.
    /// </summary>
    public static TimeSpan? PingInterval(string? usec, string? pid, int ourPid)
    {
        if (!ulong.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) || micros == 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(pid)
            && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var target) || target != ourPid))
        {
            return null;
        }

        // TimeSpan ticks are 100 ns; clamp absurd values instead of overflowing.
        var halfTicks = Math.Min(micros / 2, (ulong)TimeSpan.MaxValue.Ticks / 10) * 10;
        return TimeSpan.FromTicks((long)halfTicks);
    }
}

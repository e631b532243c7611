using System.Globalization;
using Nictune.Linux.IO;

namespace Nictune.Linux.Procfs;

/// <summary>How long this process has existed, measured from exec by the kernel rather than from Main.</summary>
public static class ProcessClock
{
    private const string SelfStat = "/proc/self/stat";

    // USER_HZ: the unit of /proc/<pid>/stat times. It is 100 on every architecture .NET runs on.
    private const long ClockTicksPerSecond = 100;

    // Field 22 of /proc/<pid>/stat; the first field after the ")" that closes comm is field 3.
    private const int StartTimeFieldAfterComm = 22 - 3;

    /// <summary>
    /// Time since exec: the kernel's start time (clock ticks since boot) against <see cref="Environment.TickCount64"/>
    /// (milliseconds since boot). Null when /proc is unreadable. Resolution is 10 ms.
    /// </summary>
    public static TimeSpan? SinceExec(SystemRoot? root = null)
    {
        var stat = (root ?? SystemRoot.Live).ReadTrimmed(SelfStat);
        if (stat is null)
        {
            return null;
        }

        // comm may contain spaces and parentheses; only the last ")" ends it.
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length <= StartTimeFieldAfterComm
            || !long.TryParse(fields[StartTimeFieldAfterComm], NumberStyles.None, CultureInfo.InvariantCulture, out var startTicks))
        {
            return null;
        }

        var elapsed = Environment.TickCount64 - (startTicks * 1000 / ClockTicksPerSecond);
        return elapsed >= 0 ? TimeSpan.FromMilliseconds(elapsed) : null;
    }
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;

namespace Nictune.Host.Daemon;

/// <summary>
/// The sd_notify(3) datagrams we send through <see cref="ISystemdNotifier"/> beyond the library's own
/// <see cref="ServiceState.Ready"/> and <see cref="ServiceState.Stopping"/>: READY with the STATUS= line of the same
/// tune (one datagram, so `systemctl status` never shows READY beside a stale status), RELOADING with the
/// MONOTONIC_USEC= systemd needs to tell reloads apart, and WATCHDOG.
/// </summary>
internal static class SystemdMessages
{
    public static readonly ServiceState Watchdog = new("WATCHDOG=1");

    public static ServiceState Ready(string status) => new("READY=1\n" + StatusLine(status));

    public static ServiceState Status(string status) => new(StatusLine(status));

    /// <summary>RELOADING=1 with MONOTONIC_USEC= (sd_notify(3)). On Linux the Stopwatch timestamp is CLOCK_MONOTONIC.</summary>
    public static ServiceState Reloading()
    {
        var micros = Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1_000_000);
        return new("RELOADING=1\nMONOTONIC_USEC=" + micros.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A newline would start a new assignment, so it is folded into a space.</summary>
    private static string StatusLine(string text) => "STATUS=" + text.ReplaceLineEndings(" ");
}

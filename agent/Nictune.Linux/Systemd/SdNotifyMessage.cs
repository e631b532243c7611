namespace Nictune.Linux.Systemd;

/// <summary>The sd_notify(3) assignments we send.</summary>
public static class SdNotifyMessage
{
    public const string Ready = "READY=1";
    public const string Stopping = "STOPPING=1";
    public const string Watchdog = "WATCHDOG=1";
    public const string Reloading = "RELOADING=1";

    /// <summary>
    /// The MONOTONIC_USEC= line systemd wants beside RELOADING=1 (sd_notify(3)), so it can tell this reload from a
    /// later one. On Linux the Stopwatch timestamp is CLOCK_MONOTONIC.
    /// </summary>
    public static string MonotonicNow() =>
        "MONOTONIC_USEC=" + (System.Diagnostics.Stopwatch.GetTimestamp() / (System.Diagnostics.Stopwatch.Frequency / 1_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A STATUS= line. A newline would start a new assignment, so it is folded into a space.</summary>
    public static string Status(string text) => "STATUS=" + text.ReplaceLineEndings(" ");
}

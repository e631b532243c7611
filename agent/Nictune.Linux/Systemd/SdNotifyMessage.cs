namespace Nictune.Linux.Systemd;

/// <summary>The sd_notify(3) assignments we send.</summary>
public static class SdNotifyMessage
{
    public const string Ready = "READY=1";
    public const string Stopping = "STOPPING=1";
    public const string Watchdog = "WATCHDOG=1";
    public const string Reloading = "RELOADING=1";

    /// <summary>A STATUS= line. A newline would start a new assignment, so it is folded into a space.</summary>
    public static string Status(string text) => "STATUS=" + text.ReplaceLineEndings(" ");
}

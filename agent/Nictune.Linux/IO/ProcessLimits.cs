using System.Globalization;

namespace Nictune.Linux.IO;

/// <summary>This process's resource limits, as the kernel shows them in <c>/proc/self/limits</c> (proc(5)).</summary>
public static class ProcessLimits
{
    private const string LimitsFile = "/proc/self/limits";
    private const string OpenFiles = "Max open files";

    /// <summary>
    /// The soft <c>RLIMIT_NOFILE</c>: one more than the highest descriptor number the process may open (systemd's
    /// <c>LimitNOFILE=</c>, the shell's <c>ulimit -n</c>). Null when it cannot be read or is "unlimited".
    /// </summary>
    public static long? OpenFilesLimit() => ParseOpenFiles(KernelFile.TryReadText(LimitsFile, 4096, singleRecord: false));

    /// <summary>The soft limit on the "Max open files" line of a <c>/proc/PID/limits</c> text.</summary>
    internal static long? ParseOpenFiles(string? text)
    {
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            if (line.StartsWith(OpenFiles, StringComparison.Ordinal))
            {
                var soft = line[OpenFiles.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
            }
        }

        return null;
    }
}

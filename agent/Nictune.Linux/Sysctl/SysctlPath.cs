using System.Diagnostics.CodeAnalysis;

namespace Nictune.Linux.Sysctl;

/// <summary>
/// Maps a sysctl key to its file under /proc/sys, as sysctl(8) does. The key policy (which keys a profile may set)
/// lives in Core; this is the adapter's last line of defence, so that no key can reach a file outside /proc/sys.
/// </summary>
public static class SysctlPath
{
    public const string ProcSys = "/proc/sys";

    private const int MaxKeyLength = 512;

    /// <summary>
    /// <c>net.core.somaxconn</c> → <c>/proc/sys/net/core/somaxconn</c>. A key that already contains '/' is taken
    /// as a path relative to /proc/sys unchanged, like sysctl(8) does, because interface names may contain dots
    /// (<c>net/ipv4/conf/eth0.100/rp_filter</c>). Refuses empty, <c>.</c> and <c>..</c> components, control
    /// characters, and anything that does not stay below /proc/sys after normalisation.
    /// </summary>
    public static bool TryMap(string key, [NotNullWhen(true)] out string? path)
    {
        path = null;
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            return false;
        }

        var relative = key.Contains('/', StringComparison.Ordinal) ? key : key.Replace('.', '/');
        if (relative.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            return false;
        }

        var full = Path.GetFullPath(Path.Join(ProcSys, relative));
        if (!full.StartsWith(ProcSys + "/", StringComparison.Ordinal))
        {
            return false;
        }

        path = full;
        return true;
    }
}

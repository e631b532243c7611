using System.Diagnostics.CodeAnalysis;
using Nictune.Core.Tuning;

namespace Nictune.Linux.Sysctl;

/// <summary>
/// Maps a sysctl key to its file under /proc/sys. This is the adapter's last line of defence: whatever handed it the
/// key (a profile, or a state file someone edited), only keys the policy allows (<see cref="SysctlKey"/>: the network
/// stack and <c>vm.min_free_kbytes</c>) map to a file, so nothing can make nictune write <c>kernel.core_pattern</c>.
/// </summary>
public static class SysctlPath
{
    public const string ProcSys = SysctlKey.ProcSysRoot;

    /// <summary>
    /// <c>net.core.somaxconn</c> (or <c>net/core/somaxconn</c>) → <c>/proc/sys/net/core/somaxconn</c>; false for a
    /// key outside the policy, or one that is malformed (empty, <c>..</c>, control characters, mixed separators).
    /// </summary>
    public static bool TryMap(string key, [NotNullWhen(true)] out string? path)
    {
        path = null;
        if (!SysctlKey.TryNormalize(key, out var normalized, out _))
        {
            return false;
        }

        var full = Path.GetFullPath(SysctlKey.ToProcPath(normalized));
        if (!full.StartsWith(ProcSys + "/", StringComparison.Ordinal))
        {
            return false;
        }

        path = full;
        return true;
    }
}

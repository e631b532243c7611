using System.Globalization;
using Nictune.Linux.IO;

namespace Nictune.Linux.Procfs;

/// <summary>
/// Whether this process may change network settings: CAP_NET_ADMIN in its effective set (root has it), read from the
/// <c>CapEff</c> line of <c>/proc/self/status</c> (proc(5)). Verbs that write ask up front, so an unprivileged run is
/// refused with a clear message instead of attempting every write and failing on the first.
/// </summary>
public static class ProcessCapabilities
{
    /// <summary>CAP_NET_ADMIN's bit number (include/uapi/linux/capability.h).</summary>
    public const int CapNetAdmin = 12;

    private const string StatusFile = "/proc/self/status";
    private const string EffectiveField = "CapEff:";

    /// <summary>True when the effective capability set holds CAP_NET_ADMIN; false when it does not or cannot be read.</summary>
    public static bool HasNetAdmin(SystemRoot? root = null)
    {
        var status = (root ?? SystemRoot.Live).ReadText(StatusFile, SystemRoot.AttributeLimit);
        var line = status?.Split('\n').FirstOrDefault(l => l.StartsWith(EffectiveField, StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line[EffectiveField.Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << CapNetAdmin)) != 0;
    }
}

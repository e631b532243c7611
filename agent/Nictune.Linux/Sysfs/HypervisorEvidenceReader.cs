using Nictune.Core.Classification;
using Nictune.Linux.IO;

namespace Nictune.Linux.Sysfs;

/// <summary>Gathers <see cref="HypervisorEvidence"/> from procfs and sysfs; every missing file is simply no evidence.</summary>
internal static class HypervisorEvidenceReader
{
    private const string CpuFlagsKey = "flags";
    private const string HypervisorFlag = "hypervisor";

    public static HypervisorEvidence Read(SystemRoot root) => new(
        CpuHypervisorFlag: HasHypervisorFlag(root.ReadText(SysfsPaths.CpuInfo, SystemRoot.ProcTextLimit)),
        SysVendor: NonEmpty(root.ReadTrimmed(SysfsPaths.DmiSysVendor)),
        ProductName: NonEmpty(root.ReadTrimmed(SysfsPaths.DmiProductName)),
        ChassisAssetTag: NonEmpty(root.ReadTrimmed(SysfsPaths.DmiChassisAssetTag)),
        HypervisorType: NonEmpty(root.ReadTrimmed(SysfsPaths.HypervisorType)),
        Clocksources: NonEmpty(root.ReadTrimmed(SysfsPaths.AvailableClocksource)));

    /// <summary>True when the first <c>flags</c> line of /proc/cpuinfo lists <c>hypervisor</c>.</summary>
    internal static bool HasHypervisorFlag(string? cpuinfo)
    {
        if (cpuinfo is null)
        {
            return false;
        }

        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || line[..colon].Trim() != CpuFlagsKey)
            {
                continue;
            }

            // Every CPU lists the same flags; the first line is enough.
            return line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Contains(HypervisorFlag, StringComparer.Ordinal);
        }

        return false;
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}

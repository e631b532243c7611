using System.Globalization;
using System.Text.RegularExpressions;
using Nictune.Core.Model;
using Nictune.Linux.IO;

namespace Nictune.Linux.Sysfs;

/// <summary>Reads a PCI function's directory: IDs, class, NUMA locality and MSI-X vectors.</summary>
internal static partial class PciFunctionReader
{
    private const string PciBus = "pci";

    /// <summary>The PCI function a device sits on: the device itself, or for virtio its parent one level up.</summary>
    public static string? FindFunction(SystemRoot root, string devicePath)
    {
        if (IsPciFunction(root, devicePath))
        {
            return devicePath;
        }

        var parent = Path.GetDirectoryName(devicePath);
        return parent is not null && IsPciFunction(root, parent) ? parent : null;
    }

    /// <summary>The function's IDs, or null when its vendor or device file cannot be read.</summary>
    public static PciInfo? ReadInfo(SystemRoot root, string functionPath)
    {
        var vendor = ReadId(root, SysfsPaths.Join(functionPath, SysfsPaths.Pci.Vendor));
        var device = ReadId(root, SysfsPaths.Join(functionPath, SysfsPaths.Pci.Device));
        if (vendor is null || device is null)
        {
            return null;
        }

        return new PciInfo(
            Path.GetFileName(functionPath),
            vendor,
            device,
            ReadId(root, SysfsPaths.Join(functionPath, SysfsPaths.Pci.SubsystemVendor)),
            ReadId(root, SysfsPaths.Join(functionPath, SysfsPaths.Pci.SubsystemDevice)));
    }

    /// <summary>The PCI class code (e.g. 0x020000), or null when unreadable.</summary>
    public static int? ReadClass(SystemRoot root, string functionPath) =>
        ParseHex(root.ReadTrimmed(SysfsPaths.Join(functionPath, SysfsPaths.Pci.Class)));

    /// <summary>The NUMA node, or null when unknown (the kernel writes -1 when the platform does not say).</summary>
    public static int? ReadNumaNode(SystemRoot root, string functionPath) =>
        root.ReadInt32(SysfsPaths.Join(functionPath, SysfsPaths.Pci.NumaNode)) is { } node and >= 0 ? node : null;

    public static string? ReadLocalCpus(SystemRoot root, string functionPath) =>
        root.ReadTrimmed(SysfsPaths.Join(functionPath, SysfsPaths.Pci.LocalCpulist)) is { Length: > 0 } list ? list : null;

    /// <summary>The Linux IRQ numbers of the function's MSI/MSI-X vectors, ascending.</summary>
    public static IReadOnlyList<int> ReadMsiIrqs(SystemRoot root, string functionPath)
    {
        var irqs = new List<int>();
        foreach (var name in root.List(SysfsPaths.Join(functionPath, SysfsPaths.Pci.MsiIrqs)))
        {
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var irq))
            {
                irqs.Add(irq);
            }
        }

        irqs.Sort();
        return irqs;
    }

    /// <summary>
    /// A sysfs ID file (<c>0x15AD</c>) as 4 lowercase hex digits (<c>15ad</c>), the form the JSON contract uses.
    /// </summary>
    internal static string? ReadId(SystemRoot root, string path) =>
        ParseHex(root.ReadTrimmed(path)) is { } id and >= 0 and <= 0xffff
            ? id.ToString("x4", CultureInfo.InvariantCulture)
            : null;

    internal static int? ParseHex(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static bool IsPciFunction(SystemRoot root, string path)
    {
        // The subsystem link says so directly; the name alone still identifies a function when the link is unreadable.
        var subsystem = root.ReadLink(SysfsPaths.Join(path, SysfsPaths.Device.Subsystem));
        if (subsystem is not null)
        {
            return Path.GetFileName(subsystem) == PciBus;
        }

        return PciAddress().IsMatch(Path.GetFileName(path));
    }

    [GeneratedRegex("^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]$", RegexOptions.CultureInvariant)]
    private static partial Regex PciAddress();
}

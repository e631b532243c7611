using System.Text.RegularExpressions;
using Nictune.Core.Catalog;
using Nictune.Core.Tuning;
using Nictune.Linux.IO;
using Nictune.Linux.Sysctl;
using Nictune.Linux.Sysfs;

namespace Nictune.Linux.Tuning;

/// <summary>
/// The settings kept in files (<see cref="KernelFileAccess"/>): sysctls under /proc/sys, and an interface's, queue's or
/// IRQ's sysfs and procfs attributes, through <see cref="SystemRoot"/>. <see cref="LinuxSettingStore"/> has vetted the
/// interface name and the member (a queue <c>rx-N</c>, an IRQ number) before a path is built from them.
/// </summary>
internal sealed partial class FileSettingStore(SystemRoot root)
{
    private const string ProcIrqDirectory = "/proc/irq";

    /// <summary>The file behind a setting: the sysctl's file, or the catalog's file in its directory.</summary>
    public static string PathOf(SettingKey key, KernelFileAccess access, string member)
    {
        var nic = SysfsPaths.Join(SysfsPaths.ClassNet, key.Target);
        return access.Directory switch
        {
            FileDirectory.ProcSys => SysctlPath.TryMap(key.Name, out var path)
                ? path
                : throw new ArgumentException($"{key}: refused, the key does not name a file below {SysctlPath.ProcSys}", nameof(key)),
            FileDirectory.Interface => SysfsPaths.Join(nic, access.File),
            FileDirectory.Queue => SysfsPaths.Join(nic, SysfsPaths.Net.Queues, member, access.File),
            _ => SysfsPaths.Join(ProcIrqDirectory, member, access.File),
        };
    }

    public SettingReading Read(string path, bool normaliseWhitespace)
    {
        if (root.ReadTrimmed(path) is { } text)
        {
            // tcp_rmem prints tab-separated; profiles and sysctl.conf write spaces, and the kernel accepts either.
            return new SettingReading(normaliseWhitespace ? Whitespace().Replace(text, " ") : text);
        }

        // xps_cpus exists but reads as ENOENT on a single-queue device; either way there is nothing to tune.
        return SettingReading.Unsupported(root.Exists(path) ? $"{path} is not readable" : $"{path} does not exist (ENOENT)");
    }

    public void Write(SettingKey key, string path, string value)
    {
        // One attribute, one value: a newline would let a second value ride along in the same write.
        if (value.Any(char.IsControl))
        {
            throw new SettingWriteException(key, 0, $"the value contains a control character; nothing written to {path}");
        }

        try
        {
            root.WriteText(path, value);
        }
        catch (SystemWriteException e)
        {
            throw new SettingWriteException(key, e.Errno, $"{e.Message}; the value was '{value}'");
        }
    }

    /// <summary>Why <paramref name="path"/> cannot be written (statvfs ST_RDONLY), or null.</summary>
    public string? WriteRefusal(string path) => root.IsOnReadOnlyMount(path) ? $"read-only: {path} is on a read-only mount" : null;

    /// <summary>Whether <c>/sys/class/net/NIC</c> exists.</summary>
    public bool InterfaceExists(string nic) => root.Exists(SysfsPaths.Join(SysfsPaths.ClassNet, nic));

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}

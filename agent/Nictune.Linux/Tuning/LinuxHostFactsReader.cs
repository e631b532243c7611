using Nictune.Core.Tuning;
using Nictune.Linux.IO;
using Nictune.Core.Model;
using Nictune.Linux.Sysfs;

namespace Nictune.Linux.Tuning;

/// <summary>Reads <see cref="HostFacts"/> from sysfs and procfs under a <see cref="SystemRoot"/>.</summary>
public sealed class LinuxHostFactsReader(SystemRoot root)
{
    public const string OnlineCpusFile = SysfsPaths.CpusOnline;
    public const string ProcDirectory = "/proc";
    public const string IrqBalanceCommand = "irqbalance";

    public const string MemInfoFile = "/proc/meminfo";

    // /proc/meminfo is about 1.5 KiB; MemTotal is its first line.
    private const int MemInfoLimit = 16 * 1024;

    /// <summary>The facts; whether irqbalance runs is looked up only if a plan asks (see <see cref="HostFacts"/>).</summary>
    public HostFacts Read() => new(ReadOnlineCpus(), IsIrqBalanceRunning, ReadMemTotalKiB());

    /// <summary>
    /// The host's memory in kB, from the <c>MemTotal:</c> line of /proc/meminfo (always in kB: fs/proc/meminfo.c);
    /// null when the file or the line is missing, as in a fixture tree without one.
    /// </summary>
    public long? ReadMemTotalKiB()
    {
        if (root.ReadText(MemInfoFile, MemInfoLimit) is not { } text)
        {
            return null;
        }

        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                continue;
            }

            var value = line["MemTotal:".Length..].Trim();
            if (value.EndsWith(" kB", StringComparison.Ordinal))
            {
                value = value[..^3].TrimEnd();
            }

            return long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var kib) && kib > 0 ? kib : null;
        }

        return null;
    }

    /// <summary>
    /// The online CPUs. Without a readable cpulist, the live system falls back to the CPUs the runtime counts, which
    /// on a machine with offline CPUs may name the wrong ones; a fixture tree yields an empty list rather than the
    /// test machine's CPUs.
    /// </summary>
    public IReadOnlyList<int> ReadOnlineCpus()
    {
        if (root.ReadTrimmed(OnlineCpusFile) is { } text && CpuList.TryParse(text, out var cpus, out _))
        {
            return cpus;
        }

        return root.IsLive ? [.. Enumerable.Range(0, Environment.ProcessorCount)] : [];
    }

    /// <summary>
    /// True when a process named irqbalance runs (its /proc/&lt;pid&gt;/comm). It rewrites IRQ affinity every 10 s, so
    /// planning must defer to it rather than fight it.
    /// </summary>
    public bool IsIrqBalanceRunning() =>
        root.List(ProcDirectory)
            .Where(name => name.Length > 0 && name.All(char.IsAsciiDigit))
            .Any(pid => root.ReadTrimmed($"{ProcDirectory}/{pid}/comm") == IrqBalanceCommand);
}

using System.Globalization;
using Nictune.Core.Model;
using Nictune.Linux.IO;

namespace Nictune.Linux.Procfs;

/// <summary>
/// Reads <c>/proc/net/softnet_stat</c>: one line per online CPU, columns in hexadecimal. The kernel writes them in
/// <c>softnet_seq_show</c> (net/core/net-procfs.c): processed, dropped, time_squeeze, then columns that are zero or
/// not ours, and since 5.10 the CPU number last (column 13). Offline CPUs have no line, so on older kernels the CPU
/// number is only the line's position, which is right while every CPU is online.
/// </summary>
public sealed class SoftnetStatReader(SystemRoot root)
{
    public const string Path = "/proc/net/softnet_stat";

    /// <summary>The column of the CPU number on kernels that print it.</summary>
    private const int CpuColumn = 12;

    /// <exception cref="IOException">The file cannot be read.</exception>
    public IReadOnlyList<SoftnetStat> Read() => Parse(File.ReadAllText(root.Map(Path)));

    /// <exception cref="FormatException">A line that is not softnet_stat's format.</exception>
    public static IReadOnlyList<SoftnetStat> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<SoftnetStat>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length < 3)
            {
                throw new FormatException($"{Path}: line {rows.Count + 1} has {columns.Length} column(s), expected at least 3: '{line}'");
            }

            var cpu = columns.Length > CpuColumn ? (int)Hex(columns[CpuColumn], rows.Count) : rows.Count;
            rows.Add(new SoftnetStat(cpu, Hex(columns[0], rows.Count), Hex(columns[1], rows.Count), Hex(columns[2], rows.Count)));
        }

        return rows;
    }

    private static ulong Hex(string column, int row) =>
        ulong.TryParse(column, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{Path}: line {row + 1}: '{column}' is not a hexadecimal counter");
}

using System.Globalization;
using System.Text;

using Nictune.Core.Model;

namespace Nictune.Core.Planning;

/// <summary>
/// A set of CPU numbers with the two text forms the kernel uses: cpulists (<c>0-3,8</c>, smp_affinity_list,
/// local_cpulist) and hex masks in comma-separated 32-bit groups (<c>1,00000000</c>, rps_cpus and xps_cpus).
/// </summary>
public sealed class CpuSet : IEquatable<CpuSet>
{
    private readonly int[] _cpus;

    public CpuSet(IEnumerable<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        _cpus = cpus.Distinct().Order().ToArray();
        if (_cpus.Length > 0 && _cpus[0] < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cpus), "CPU numbers are non-negative.");
        }
    }

    public static CpuSet Empty { get; } = new([]);

    public IReadOnlyList<int> Cpus => _cpus;

    public int Count => _cpus.Length;

    public bool IsEmpty => _cpus.Length == 0;

    public CpuSet Intersect(IEnumerable<int> other) => new(_cpus.Intersect(other));

    /// <summary>Parses a kernel cpulist such as <c>0-3,8,10-11</c>; empty text is the empty set.</summary>
    public static bool TryParseList(string? text, out CpuSet set)
    {
        set = Empty;
        if (text is null)
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }

        if (!CpuList.TryParse(trimmed, out var cpus, out _))
        {
            return false;
        }

        set = new CpuSet(cpus);
        return true;
    }

    /// <summary>Parses a sysfs hex mask; commas between 32-bit groups and leading zeros are optional.</summary>
    public static bool TryParseMask(string? text, out CpuSet set)
    {
        set = Empty;
        if (text is null)
        {
            return false;
        }

        var groups = text.Trim().Split(',');
        var cpus = new List<int>();
        var bit = 0;
        for (var g = groups.Length - 1; g >= 0; g--)
        {
            var group = groups[g].Trim();
            if (group.Length == 0 && groups.Length > 1)
            {
                return false;
            }

            // Without commas a mask may be longer than one group: each hex digit is four CPUs from the right.
            var groupBit = bit;
            for (var i = group.Length - 1; i >= 0; i--)
            {
                var nibble = HexValue(group[i]);
                if (nibble < 0)
                {
                    return false;
                }

                for (var b = 0; b < 4; b++)
                {
                    if ((nibble & (1 << b)) != 0)
                    {
                        cpus.Add(groupBit + b);
                    }
                }

                groupBit += 4;
            }

            bit += groups.Length > 1 ? 32 : groupBit - bit;
        }

        set = new CpuSet(cpus);
        return true;
    }

    /// <summary>The cpulist form with ranges, e.g. <c>0-3,8</c>; the empty set is the empty string.</summary>
    public string ToList() => CpuList.Format(_cpus);

    /// <summary>
    /// The mask in the form the kernel's bitmap parser takes: 32-bit groups separated by commas, the first group
    /// without leading zeros, e.g. <c>f</c> or <c>1,00000000</c>; the empty set is <c>0</c>. This is also the
    /// canonical form for comparing masks that sysfs printed with padding.
    /// </summary>
    public string ToMask()
    {
        if (_cpus.Length == 0)
        {
            return "0";
        }

        var groups = new uint[(_cpus[^1] / 32) + 1];
        foreach (var cpu in _cpus)
        {
            groups[cpu / 32] |= 1u << (cpu % 32);
        }

        var text = new StringBuilder();
        for (var g = groups.Length - 1; g >= 0; g--)
        {
            text.Append(g == groups.Length - 1
                ? groups[g].ToString("x", CultureInfo.InvariantCulture)
                : "," + groups[g].ToString("x8", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public bool Equals(CpuSet? other) => other is not null && _cpus.AsSpan().SequenceEqual(other._cpus);

    public override bool Equals(object? obj) => Equals(obj as CpuSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var cpu in _cpus)
        {
            hash.Add(cpu);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => ToList();

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}

using System.Globalization;

namespace Nictune.Linux.Sysfs;

/// <summary>The kernel's cpulist text form: <c>0-3,8,10-11</c> (an empty list is an empty string).</summary>
public static class CpuList
{
    /// <summary>Parses a cpulist into ascending, distinct CPU numbers; false for anything else.</summary>
    public static bool TryParse(string text, out IReadOnlyList<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(text);
        cpus = [];
        var result = new SortedSet<int>();
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }

        foreach (var part in trimmed.Split(','))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (!TryCpu(part, out var single))
                {
                    return false;
                }

                result.Add(single);
                continue;
            }

            if (!TryCpu(part[..dash], out var first) || !TryCpu(part[(dash + 1)..], out var last) || last < first)
            {
                return false;
            }

            for (var cpu = first; cpu <= last; cpu++)
            {
                result.Add(cpu);
            }
        }

        cpus = [.. result];
        return true;
    }

    /// <summary>How many CPUs the list names, or null when the text is empty or not a cpulist.</summary>
    public static int? Count(string? text) =>
        text is not null && TryParse(text, out var cpus) && cpus.Count > 0 ? cpus.Count : null;

    /// <summary>Formats CPU numbers as a cpulist with ranges, as the kernel prints them.</summary>
    public static string Format(IEnumerable<int> cpus)
    {
        var sorted = cpus.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(i == j
                ? sorted[i].ToString(CultureInfo.InvariantCulture)
                : $"{sorted[i].ToString(CultureInfo.InvariantCulture)}-{sorted[j].ToString(CultureInfo.InvariantCulture)}");
            i = j + 1;
        }

        return string.Join(',', parts);
    }

    private static bool TryCpu(string text, out int cpu) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out cpu) && cpu < 1 << 20;
}

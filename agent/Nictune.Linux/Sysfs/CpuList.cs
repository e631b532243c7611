using System.Globalization;

namespace Nictune.Linux.Sysfs;

/// <summary>The kernel's cpulist format (<c>0-3,8,10-11</c>), as in cpu/online and local_cpulist.</summary>
internal static class CpuList
{
    /// <summary>How many CPUs the list names, or null when the text is not a cpulist.</summary>
    public static int? Count(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var count = 0;
        foreach (var range in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (!TryCpu(range, out _))
                {
                    return null;
                }

                count++;
                continue;
            }

            if (!TryCpu(range[..dash], out var first) || !TryCpu(range[(dash + 1)..], out var last) || last < first)
            {
                return null;
            }

            count += last - first + 1;
        }

        return count;
    }

    private static bool TryCpu(string text, out int cpu) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out cpu);
}

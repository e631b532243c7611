using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Nictune.Core.Model;

/// <summary>
/// The kernel's cpulist text (<c>0-3,8</c>, as in <c>local_cpulist</c> and <c>/sys/devices/system/cpu/online</c>):
/// comma-separated CPU numbers and inclusive ranges. The stride form (<c>0-15:2/4</c>) is not accepted.
/// </summary>
public static class CpuList
{
    /// <summary>
    /// CPU numbers run below this: the largest CONFIG_NR_CPUS a distribution kernel is built with (x86_64 MAXSMP).
    /// </summary>
    public const int MaxCpus = 8192;

    /// <summary>Parses a cpulist into its CPU numbers, ascending and distinct; or an error saying what is wrong.</summary>
    public static bool TryParse(
        string? text,
        [NotNullWhen(true)] out IReadOnlyList<int>? cpus,
        [NotNullWhen(false)] out string? error)
    {
        cpus = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "the CPU list is empty";
            return false;
        }

        var set = new SortedSet<int>();
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                error = $"\"{text}\" has an empty entry";
                return false;
            }

            var dash = item.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? item : item[..dash];
            var last = dash < 0 ? item : item[(dash + 1)..];
            if (!TryCpu(first, out var from, out error) || !TryCpu(last, out var to, out error))
            {
                error = $"\"{item}\" in \"{text}\": {error}";
                return false;
            }

            if (from > to)
            {
                error = $"the range \"{item}\" in \"{text}\" runs backwards";
                return false;
            }

            for (var cpu = from; cpu <= to; cpu++)
            {
                set.Add(cpu);
            }
        }

        cpus = [.. set];
        error = null;
        return true;
    }

    /// <summary>True when <paramref name="text"/> is a valid cpulist.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _, out _);

    /// <summary>How many CPUs the list names, or null when the text is empty or not a cpulist.</summary>
    public static int? Count(string? text) => TryParse(text?.Trim(), out var cpus, out _) ? cpus.Count : null;

    /// <summary>Formats CPU numbers as a cpulist with ranges, as the kernel prints them; no CPUs is the empty string.</summary>
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

    private static bool TryCpu(string text, out int cpu, [NotNullWhen(false)] out string? error)
    {
        cpu = -1;
        // Digits only: int.Parse would also take signs and surrounding spaces, which the kernel's parser does not.
        if (text.Length == 0 || text.Length > 5 || !text.All(char.IsAsciiDigit))
        {
            error = "expected a CPU number or a range like 0-3";
            return false;
        }

        cpu = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (cpu >= MaxCpus)
        {
            error = $"CPU {cpu} is beyond the largest possible CPU ({MaxCpus - 1})";
            return false;
        }

        error = null;
        return true;
    }
}

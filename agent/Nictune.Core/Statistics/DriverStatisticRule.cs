using System.Globalization;

namespace Nictune.Core.Statistics;

/// <summary>
/// One row of <see cref="DriverStatisticsMap"/>: a statistic name that is <see cref="Prefix"/>, then a queue number
/// (when <see cref="Queued"/>) or one of <see cref="Allowances"/> (when set), then <see cref="Suffix"/> counts into
/// <see cref="Counter"/>. Plain string matching: the names are fixed words with at most one variable part, and a
/// regular expression here would bring the regex parser, interpreter and non-backtracking engine into the binary.
/// </summary>
internal sealed record DriverStatisticRule(string Prefix, bool Queued, IReadOnlyList<string>? Allowances, string Suffix, DriverCounter Counter)
{
    /// <summary>The name itself.</summary>
    public static DriverStatisticRule Exact(string name, DriverCounter counter) => new(name, false, null, "", counter);

    /// <summary><paramref name="prefix"/>, a queue number (decimal digits), <paramref name="suffix"/>.</summary>
    public static DriverStatisticRule PerQueue(string prefix, string suffix, DriverCounter counter) => new(prefix, true, null, suffix, counter);

    /// <summary>One of <paramref name="allowances"/>, then <paramref name="suffix"/>; the allowance is the statistic's label.</summary>
    public static DriverStatisticRule Allowance(IReadOnlyList<string> allowances, string suffix, DriverCounter counter) => new("", false, allowances, suffix, counter);

    /// <summary>Whether <paramref name="name"/> matches, and its queue number or allowance.</summary>
    public bool TryMatch(string name, out int? queue, out string? allowance)
    {
        queue = null;
        allowance = null;
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal)
            || name.Length < Prefix.Length + Suffix.Length)
        {
            return false;
        }

        var middle = name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length);
        if (Queued)
        {
            if (middle.IsEmpty || !IsDigits(middle) || !int.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            queue = number;
            return true;
        }

        if (Allowances is not null)
        {
            foreach (var candidate in Allowances)
            {
                if (middle.SequenceEqual(candidate))
                {
                    allowance = candidate;
                    return true;
                }
            }

            return false;
        }

        return middle.IsEmpty;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}

namespace Nictune.Core.Profiles;

/// <summary>Lists of alternatives and "did you mean" hints for profile errors.</summary>
internal static class Suggestions
{
    public static string JoinAlternatives(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list.Take(list.Count - 1))} or {list[^1]}";
    }

    /// <summary>" (did you mean "ring"?)" when a known word is within two edits of a misspelt one.</summary>
    public static string Suggest(string word, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Word: k, Distance: EditDistance(word, k)))
            .Where(c => c.Distance <= 2 && c.Distance < word.Length)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Word, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Word is null ? string.Empty : $" (did you mean \"{best.Word}\"?)";
    }

    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

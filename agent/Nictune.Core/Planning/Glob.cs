namespace Nictune.Core.Planning;

/// <summary>Shell-style globs for interface names: <c>*</c>, <c>?</c> and bracket classes (<c>[0-9]</c>, <c>[!a]</c>).</summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        return Match(pattern, 0, text, 0);
    }

    private static bool Match(string pattern, int p, string text, int t)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            if (c == '*')
            {
                // Collapse runs of stars, then try every split point: names are short, so backtracking is cheap.
                while (p < pattern.Length && pattern[p] == '*')
                {
                    p++;
                }

                if (p == pattern.Length)
                {
                    return true;
                }

                for (var k = t; k <= text.Length; k++)
                {
                    if (Match(pattern, p, text, k))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (t == text.Length)
            {
                return false;
            }

            if (c == '?')
            {
                p++;
                t++;
                continue;
            }

            if (c == '[' && TryMatchClass(pattern, p, text[t], out var next, out var matched))
            {
                if (!matched)
                {
                    return false;
                }

                p = next;
                t++;
                continue;
            }

            if (c != text[t])
            {
                return false;
            }

            p++;
            t++;
        }

        return t == text.Length;
    }

    /// <summary>Matches a bracket class at <paramref name="start"/>; false when the bracket is not closed (then it is a literal).</summary>
    private static bool TryMatchClass(string pattern, int start, char ch, out int next, out bool matched)
    {
        var i = start + 1;
        var negate = i < pattern.Length && pattern[i] is '!' or '^';
        if (negate)
        {
            i++;
        }

        matched = false;
        var first = true;
        while (i < pattern.Length && (first || pattern[i] != ']'))
        {
            first = false;
            var low = pattern[i];
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                matched |= ch >= low && ch <= pattern[i + 2];
                i += 3;
            }
            else
            {
                matched |= ch == low;
                i++;
            }
        }

        if (i >= pattern.Length)
        {
            next = start;
            return false;
        }

        matched ^= negate;
        next = i + 1;
        return true;
    }
}

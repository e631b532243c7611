namespace Nictune.Core.Model;

/// <summary>
/// The shell-style globs of <c>match.name</c>: <c>*</c> any run of characters, <c>?</c> one character,
/// <c>[abc]</c>, <c>[a-z]</c> and <c>[!abc]</c> one character of (or not of) a set; everything else is literal.
/// Matching is ordinal and case-sensitive, as interface names are.
/// </summary>
public static class InterfaceNameGlob
{
    /// <summary>Longest pattern accepted; an interface name is at most 15 characters (IFNAMSIZ - 1).</summary>
    public const int MaxLength = 64;

    /// <summary>Null when <paramref name="pattern"/> is a valid glob, else what is wrong with it.</summary>
    public static string? Validate(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return "the name pattern is empty";
        }

        if (pattern.Length > MaxLength)
        {
            return $"the name pattern is longer than {MaxLength} characters";
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "interface names cannot contain '/', whitespace or control characters";
            }

            if (c == '[')
            {
                var close = FindClose(pattern, i);
                if (close < 0)
                {
                    return $"'[' at position {i + 1} is not closed";
                }

                i = close;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="name"/> matches <paramref name="pattern"/> (which must be valid).</summary>
    public static bool IsMatch(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        return Match(pattern, 0, name, 0);
    }

    private static bool Match(string pattern, int p, string name, int n)
    {
        while (p < pattern.Length)
        {
            switch (pattern[p])
            {
                case '*':
                    // Collapse runs of '*' and try every split; names are at most 15 characters, so this stays cheap.
                    while (p < pattern.Length && pattern[p] == '*')
                    {
                        p++;
                    }

                    for (var k = n; k <= name.Length; k++)
                    {
                        if (Match(pattern, p, name, k))
                        {
                            return true;
                        }
                    }

                    return false;
                case '?':
                    if (n >= name.Length)
                    {
                        return false;
                    }

                    p++;
                    n++;
                    break;
                case '[':
                    var close = FindClose(pattern, p);
                    if (n >= name.Length || close < 0 || !InSet(pattern.AsSpan(p + 1, close - p - 1), name[n]))
                    {
                        return false;
                    }

                    p = close + 1;
                    n++;
                    break;
                default:
                    if (n >= name.Length || pattern[p] != name[n])
                    {
                        return false;
                    }

                    p++;
                    n++;
                    break;
            }
        }

        return n == name.Length;
    }

    // The index of the ']' closing the set opened at 'open'; a ']' right after '[' or '[!' is a member, as in fnmatch.
    private static int FindClose(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '!')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        return pattern.IndexOf(']', i);
    }

    private static bool InSet(ReadOnlySpan<char> set, char c)
    {
        var negate = set.Length > 0 && set[0] == '!';
        if (negate)
        {
            set = set[1..];
        }

        var found = false;
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                found |= c >= set[i] && c <= set[i + 2];
                i += 2;
            }
            else
            {
                found |= c == set[i];
            }
        }

        return found != negate;
    }
}

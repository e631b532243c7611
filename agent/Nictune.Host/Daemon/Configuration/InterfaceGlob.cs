namespace Nictune.Host.Daemon.Configuration;

/// <summary>
/// A shell-style interface name pattern: <c>*</c> matches any run of characters, <c>?</c> exactly one.
/// Character classes are refused rather than half-supported.
/// </summary>
public sealed class InterfaceGlob
{
    /// <summary>IFNAMSIZ - 1: the longest name the kernel accepts.</summary>
    public const int MaxInterfaceNameLength = 15;

    private InterfaceGlob(string pattern) => Pattern = pattern;

    public string Pattern { get; }

    /// <summary>Checks <paramref name="pattern"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryCreate(string? pattern, out InterfaceGlob? glob, out string? error)
    {
        glob = null;
        error = Check(pattern);
        if (error is not null)
        {
            return false;
        }

        glob = new InterfaceGlob(pattern!);
        return true;
    }

    public bool Matches(string name) => Match(Pattern, name);

    public override string ToString() => Pattern;

    private static string? Check(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return "an empty pattern matches no interface";
        }

        foreach (var c in pattern)
        {
            if (c is '[' or ']' or '{' or '}')
            {
                return $"'{pattern}': character classes and braces are not supported; use * and ?";
            }

            // What the kernel refuses in a name (dev_valid_name) can never match.
            if (c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return $"'{pattern}': interface names cannot contain '{(char.IsControl(c) ? "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) : c)}'";
            }
        }

        if (pattern.Count(c => c != '*') > MaxInterfaceNameLength)
        {
            return $"'{pattern}' can never match: interface names are at most {MaxInterfaceNameLength} characters";
        }

        return null;
    }

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        // Greedy match with one backtrack point (the last '*'): linear for the patterns people write.
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

namespace Nictune.Core.Model;

/// <summary>
/// A validated interface name pattern of the configuration's include/exclude lists: the same shell-style globs as a
/// profile's <c>match.name</c> (<see cref="InterfaceNameGlob"/>).
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
        if (InterfaceNameGlob.Validate(pattern) is { } error)
        {
            return $"'{pattern}': {error}";
        }

        // A pattern that needs more characters than any interface name has is surely a typo.
        return MinimumMatchLength(pattern!) > MaxInterfaceNameLength
            ? $"'{pattern}' can never match: interface names are at most {MaxInterfaceNameLength} characters"
            : null;
    }

    /// <summary>The fewest characters a name matching a valid pattern has: '*' none, '?' and a '[…]' class one each.</summary>
    private static int MinimumMatchLength(string pattern)
    {
        var length = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*')
            {
                continue;
            }

            if (pattern[i] == '[')
            {
                // Validate has checked it closes; a ']' right after '[' or '[!' is a member, not the end.
                var j = i + 1;
                if (j < pattern.Length && pattern[j] == '!')
                {
                    j++;
                }

                j = pattern.IndexOf(']', j + 1);
                i = j < 0 ? pattern.Length : j;
            }

            length++;
        }

        return length;
    }

    private static bool Match(string pattern, string name) => InterfaceNameGlob.IsMatch(pattern, name);
}

using Nictune.Core.Model;

namespace Nictune.Host.Daemon.Configuration;

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

        // A pattern whose literal part is longer than any interface name is surely a typo.
        return pattern!.Count(c => c != '*') > MaxInterfaceNameLength
            ? $"'{pattern}' can never match: interface names are at most {MaxInterfaceNameLength} characters"
            : null;
    }

    private static bool Match(string pattern, string name) => InterfaceNameGlob.IsMatch(pattern, name);
}

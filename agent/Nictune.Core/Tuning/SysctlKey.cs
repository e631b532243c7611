using System.Diagnostics.CodeAnalysis;

namespace Nictune.Core.Tuning;

/// <summary>
/// Which sysctl keys nictune may write, and their one canonical spelling.
/// <para>
/// Policy: only the network stack (<c>net.*</c>) plus <c>vm.min_free_kbytes</c>, which network tuning guides raise
/// so that atomic receive allocations survive bursts. Everything else under /proc/sys (kernel.*, fs.*, most of vm.*)
/// is out of scope for a NIC tuner, and a profile that names it is refused rather than silently applied.
/// </para>
/// <para>
/// Keys are accepted dotted (<c>net.core.somaxconn</c>) or slashed (<c>net/core/somaxconn</c>), as sysctl(8) accepts
/// them, and normalised to the dotted form. Each segment is limited to <c>[A-Za-z0-9_-]</c>. That rules out by
/// construction everything that could leave /proc/sys once the key becomes a path (<c>..</c>, separators inside a
/// segment, NUL, globs), and it also rules out sysctl(8)'s "slash stands for a literal dot" convention for interface
/// names like <c>eth0.100</c>: a profile is not tied to one interface, so per-interface keys other than
/// <c>conf.all</c>/<c>conf.default</c> have no place in it, and one unambiguous spelling is worth more.
/// </para>
/// </summary>
public static class SysctlKey
{
    /// <summary>Where sysctls live; <see cref="ToProcPath"/> never returns a path outside it.</summary>
    public const string ProcSysRoot = "/proc/sys";

    /// <summary>The one key outside <c>net.*</c> that a profile may set.</summary>
    public const string MinFreeKbytes = "vm.min_free_kbytes";

    /// <summary>Longest key accepted; the longest real net.* key is well under 100 characters.</summary>
    public const int MaxLength = 256;

    // The shortest net.* key has three segments: net.<subsystem>.<name>; "net.core" is a directory.
    private const int MinNetSegments = 3;

    /// <summary>
    /// Validates <paramref name="key"/> against the policy and returns its dotted form, or an error that says
    /// what is wrong with it (suitable after "sysctl.&lt;key&gt;: ").
    /// </summary>
    public static bool TryNormalize(
        string? key,
        [NotNullWhen(true)] out string? normalized,
        [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        error = Check(key, out var segments);
        if (error is not null)
        {
            return false;
        }

        normalized = string.Join('.', segments!);
        return true;
    }

    /// <summary>The dotted form of a key, or <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static string Normalize(string key) =>
        TryNormalize(key, out var normalized, out var error) ? normalized : throw new ArgumentException($"sysctl key \"{SettingValueText.Truncate(key)}\": {error}", nameof(key));

    /// <summary>True when the key is allowed (in any accepted spelling).</summary>
    public static bool IsAllowed(string? key) => TryNormalize(key, out _, out _);

    /// <summary>The file under /proc/sys for an allowed key, e.g. <c>/proc/sys/net/core/somaxconn</c>.</summary>
    public static string ToProcPath(string key)
    {
        var dotted = Normalize(key);
        var path = ProcSysRoot + "/" + dotted.Replace('.', '/');

        // Belt and braces: the segment alphabet already makes this impossible, but a writer that trusts this
        // method must never be handed anything outside /proc/sys even if the alphabet is widened later.
        if (!path.StartsWith(ProcSysRoot + "/", StringComparison.Ordinal) || path.Contains("/../", StringComparison.Ordinal) || path.Contains("/./", StringComparison.Ordinal))
        {
            throw new ArgumentException($"sysctl key \"{SettingValueText.Truncate(key)}\" resolves outside {ProcSysRoot}", nameof(key));
        }

        return path;
    }

    private static string? Check(string? key, out string[]? segments)
    {
        segments = null;
        if (string.IsNullOrEmpty(key))
        {
            return "the key is empty";
        }

        if (key.Length > MaxLength)
        {
            return $"the key is longer than {MaxLength} characters";
        }

        if (key.Contains('\0', StringComparison.Ordinal))
        {
            return "the key contains a NUL character";
        }

        if (key.AsSpan().IndexOfAny("*?[]") >= 0)
        {
            return "globs (* ? [ ]) are not allowed: name each key";
        }

        if (key.Contains("..", StringComparison.Ordinal))
        {
            return "\"..\" is not allowed in a key";
        }

        if (key.StartsWith('/') || key.StartsWith('.'))
        {
            return $"a key is relative to {ProcSysRoot} and cannot start with a separator";
        }

        if (key.EndsWith('/') || key.EndsWith('.'))
        {
            return "a key cannot end with a separator";
        }

        var hasDot = key.Contains('.', StringComparison.Ordinal);
        var hasSlash = key.Contains('/', StringComparison.Ordinal);
        if (hasDot && hasSlash)
        {
            return "mixes '.' and '/' separators: use one form, net.core.somaxconn or net/core/somaxconn";
        }

        var parts = key.Split(hasSlash ? '/' : '.');
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                return "the key has an empty segment";
            }

            foreach (var c in part)
            {
                if (!IsSegmentChar(c))
                {
                    return char.IsControl(c) || char.IsWhiteSpace(c)
                        ? $"the key contains a whitespace or control character (U+{(int)c:X4})"
                        : $"the key contains '{c}': segments may use only letters, digits, '_' and '-'";
                }
            }
        }

        var dotted = string.Join('.', parts);
        if (parts[0] == "net")
        {
            if (parts.Length < MinNetSegments)
            {
                return $"\"{SettingValueText.Truncate(dotted)}\" is a directory, not a key";
            }
        }
        else if (dotted != MinFreeKbytes)
        {
            return $"only net.* keys and {MinFreeKbytes} may be set, not \"{SettingValueText.Truncate(dotted)}\"";
        }

        segments = parts;
        return null;
    }

    private static bool IsSegmentChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}

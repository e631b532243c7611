using System.Globalization;

namespace Nictune.Core.Tuning;

/// <summary>
/// The value types of the sysctls nictune ships in its profiles (docs/profiles.md lists them), so that a value the
/// kernel would refuse (<c>-5</c>, <c>1e3</c>, <c>yes</c>, <c>4294967296</c> for an int, a 4,000-digit number) is a
/// profile error, exit 2 before anything changes, rather than EINVAL from the kernel half-way through an apply.
/// Ranges are those of the kernel's handlers: proc_dointvec_minmax keys take 0..INT_MAX here (none we ship is
/// meaningful negative), tcp_notsent_lowat is proc_douintvec (0..UINT_MAX), tcp_rmem/tcp_wmem are three ints.
/// Keys not in the table are checked only as one line of text, since nictune cannot know every net.* key's type.
/// </summary>
public static class SysctlValueType
{
    private const long IntMax = int.MaxValue;
    private const long UIntMax = uint.MaxValue;

    private static readonly Dictionary<string, (int Fields, long Min, long Max)> Known = new(StringComparer.Ordinal)
    {
        ["net.core.somaxconn"] = (1, 0, IntMax),
        ["net.core.netdev_budget"] = (1, 0, IntMax),
        ["net.core.netdev_budget_usecs"] = (1, 0, IntMax),
        ["net.core.netdev_max_backlog"] = (1, 0, IntMax),
        ["net.core.busy_poll"] = (1, 0, IntMax),
        ["net.core.busy_read"] = (1, 0, IntMax),
        ["net.core.rmem_max"] = (1, 0, IntMax),
        ["net.core.wmem_max"] = (1, 0, IntMax),
        ["net.core.rmem_default"] = (1, 0, IntMax),
        ["net.core.wmem_default"] = (1, 0, IntMax),
        ["net.ipv4.tcp_fastopen"] = (1, 0, IntMax),
        ["net.ipv4.tcp_notsent_lowat"] = (1, 0, UIntMax),
        ["net.ipv4.tcp_slow_start_after_idle"] = (1, 0, 1),
        ["net.ipv4.tcp_rmem"] = (3, 0, IntMax),
        ["net.ipv4.tcp_wmem"] = (3, 0, IntMax),
        [SysctlKey.MinFreeKbytes] = (1, 0, IntMax),
    };

    /// <summary>True when nictune knows the key's type.</summary>
    public static bool IsKnown(string key) => Known.ContainsKey(key);

    /// <summary>Null when <paramref name="value"/> fits <paramref name="key"/>'s known type (or the type is unknown), else why not.</summary>
    public static string? Check(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!Known.TryGetValue(key, out var type))
        {
            return null;
        }

        var fields = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var expected = type.Fields == 1 ? $"an integer from {type.Min} to {type.Max}" : $"{type.Fields} integers from {type.Min} to {type.Max}, separated by spaces";
        if (fields.Length != type.Fields)
        {
            return $"expected {expected}, got \"{SettingValueText.Truncate(value)}\"";
        }

        foreach (var field in fields)
        {
            // Decimal digits only: the kernel's parser takes no exponent, sign we allow, words or hex here.
            if (field.Length > 20 || !field.All(char.IsAsciiDigit)
                || !long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < type.Min || number > type.Max)
            {
                return $"expected {expected}, got \"{SettingValueText.Truncate(value)}\"";
            }
        }

        return null;
    }
}

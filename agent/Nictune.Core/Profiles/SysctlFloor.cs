using System.Globalization;

namespace Nictune.Core.Profiles;

/// <summary>
/// The value of a raise-only sysctl, <c>{ at-least: "4096 131072 16777216" }</c>: one or more whitespace-separated
/// non-negative integers, each the floor of the field in the same position of the kernel's value. Applying it never
/// lowers a field an administrator already set higher (see <c>Planner</c>).
/// </summary>
public static class SysctlFloor
{
    /// <summary>The one key of the mapping form.</summary>
    public const string Key = "at-least";

    /// <summary>What a floor looks like, for "expected …" messages.</summary>
    public const string Expectation = "one or more non-negative integers separated by spaces, like \"4096 131072 16777216\"";

    /// <summary>Null when <paramref name="text"/> is a usable floor, else why not.</summary>
    public static string? Check(string? text)
    {
        var fields = Split(text);
        if (fields.Length == 0)
        {
            return $"expected {Expectation}, got nothing";
        }

        foreach (var field in fields)
        {
            if (field.StartsWith('-') && field.Length > 1 && !field.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
            {
                return $"\"{Nictune.Core.Tuning.SettingValueText.Truncate(field)}\" is negative: a floor is {Expectation}";
            }

            if (field.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                return $"\"{Nictune.Core.Tuning.SettingValueText.Truncate(field)}\" is not a non-negative integer: expected {Expectation}";
            }

            // The widest sysctl the kernel has is an unsigned long; a larger floor could never be met.
            if (!ulong.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return $"\"{Nictune.Core.Tuning.SettingValueText.Truncate(field)}\" is out of range: a sysctl field holds at most {ulong.MaxValue}";
            }
        }

        return null;
    }

    /// <summary>
    /// The integer fields of a sysctl value as the kernel prints it (tab-separated) or as a profile writes it.
    /// Int128 holds every field a sysctl can have, signed (<c>int</c>, <c>long</c>) or unsigned (<c>unsigned long</c>).
    /// False when a field is not an integer; an empty text has no fields.
    /// </summary>
    public static bool TryParseFields(string? text, out IReadOnlyList<Int128> fields)
    {
        var parts = Split(text);
        var values = new Int128[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!Int128.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]))
            {
                fields = [];
                return false;
            }
        }

        fields = values;
        return true;
    }

    /// <summary>Fields in the kernel's text form with single spaces, as the store's readings are compared.</summary>
    public static string Format(IEnumerable<Int128> fields) =>
        string.Join(' ', fields.Select(f => f.ToString(CultureInfo.InvariantCulture)));

    private static string[] Split(string? text) =>
        text?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) ?? [];
}

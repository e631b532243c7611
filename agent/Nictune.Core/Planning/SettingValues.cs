using System.Globalization;
using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// Canonical forms for comparing setting values: the kernel prints masks padded (<c>0000000f</c>), sysctl vectors
/// with tabs, and features as on/off; a profile writes them however it likes. Only comparisons use these forms;
/// writes and the journal keep the raw text.
/// </summary>
public static class SettingValues
{
    public static string? Canonical(SettingKey key, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Trim();
        if (key.Scope == SettingScope.Sysctl)
        {
            return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }

        var kind = SettingNames.KindOf(key.Name);
        if (kind is SettingKind.RpsCpus or SettingKind.XpsCpus)
        {
            return CpuSet.TryParseMask(text, out var mask) ? mask.ToMask() : text;
        }

        if (kind == SettingKind.IrqAffinity)
        {
            return CpuSet.TryParseList(text, out var list) ? list.ToList() : text;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        return text.ToLowerInvariant();
    }

    public static bool AreEqual(SettingKey key, string? a, string? b) =>
        string.Equals(Canonical(key, a), Canonical(key, b), StringComparison.Ordinal);

    public static string OnOff(bool on) => on ? "on" : "off";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseNumber(string? text, out long value) =>
        long.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}

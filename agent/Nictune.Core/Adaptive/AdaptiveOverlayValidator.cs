using System.Globalization;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Tuning;

namespace Nictune.Core.Adaptive;

/// <summary>
/// Checks an overlay read from the state directory in full, as <see cref="Transactions.StateDocumentValidator"/>
/// checks the journal: what it holds is written to the kernel as root, so a file of the right JSON shape but with an
/// impossible value (a ring of -1, a device <c>../x</c>, a setting that adaptive never writes) is refused with the
/// field named. Tokens from the file are quoted truncated.
/// </summary>
public static class AdaptiveOverlayValidator
{
    private const int MaxTextLength = 64;

    public static IReadOnlyList<string> Check(AdaptiveOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var problems = new List<string>();
        if (overlay.Entries is null)
        {
            problems.Add("entries: missing");
            return problems;
        }

        if (overlay.Entries.Count > AdaptiveOverlay.MaxEntries)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"entries: {overlay.Entries.Count} entries, more than the {AdaptiveOverlay.MaxEntries} allowed"));
            return problems;
        }

        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < overlay.Entries.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"entries[{i}]");
            if (overlay.Entries[i] is not { } entry)
            {
                problems.Add($"{field}: missing");
                continue;
            }

            if (InterfaceName.Check(entry.Device) is { } bad)
            {
                problems.Add($"{field}.device: {bad}");
            }

            if (entry.Setting != AdaptiveVerdict.Setting)
            {
                problems.Add($"{field}.setting: \"{Truncate(entry.Setting)}\" is not a setting adaptive changes (only {AdaptiveVerdict.Setting})");
            }

            if (entry.Value < 1 || entry.Value > ProfileLimits.RingMax)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{field}.value: {entry.Value} is outside 1..{ProfileLimits.RingMax}"));
            }

            if (!ProfileName.IsValid(entry.Profile))
            {
                problems.Add($"{field}.profile: \"{Truncate(entry.Profile)}\" is not a profile name");
            }

            if (entry.Base is not { Length: > 0 and <= MaxTextLength } baseValue
                || (baseValue != "max" && !long.TryParse(baseValue, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                problems.Add($"{field}.base: \"{Truncate(entry.Base)}\" is not a ring size or 'max'");
            }

            if (!double.IsFinite(entry.DropsPerSecond) || entry.DropsPerSecond < 0)
            {
                problems.Add($"{field}.dropsPerSecond: not a finite rate of zero or more");
            }

            if (entry.Device is not null && entry.Setting is not null && !seen.Add((entry.Device, entry.Setting)))
            {
                problems.Add($"{field}: a second entry for {Truncate(entry.Device)} {Truncate(entry.Setting)}");
            }
        }

        return problems;
    }

    private static string Truncate(string? text) => text is null ? "null" : SettingValueText.Truncate(text);
}

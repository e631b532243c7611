using System.Globalization;
using Nictune.Core.Adaptive;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>Every rule on the <c>adaptive:</c> section, each failure naming its key (docs/adaptive.md).</summary>
public static class AdaptiveSettingsValidator
{
    private static readonly string[] Modes = ["off", "suggest", "apply"];

    public static void Check(AdaptiveConfigOptions options, List<ConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        if (!Modes.Contains(options.Rings))
        {
            problems.Add(new("adaptive:rings", $"'{options.Rings}' is not one of: {string.Join(", ", Modes)}"));
        }

        Duration(problems, "adaptive:window", options.Window, AdaptivePolicy.MinWindow, AdaptivePolicy.MaxWindow);
        Duration(problems, "adaptive:cooldown", options.Cooldown, AdaptivePolicy.MinCooldown, AdaptivePolicy.MaxCooldown);
        if (!TryNumber(options.Threshold.DropsPerSecond, out var rate) || rate > AdaptivePolicy.MaxDropsPerSecond)
        {
            problems.Add(new("adaptive:threshold:drops-per-second", $"'{options.Threshold.DropsPerSecond}' is not a number of drops per second from 0 to {AdaptivePolicy.MaxDropsPerSecond:0}"));
        }

        if (!TryNumber(options.Threshold.Fraction, out var fraction) || fraction > 1)
        {
            problems.Add(new("adaptive:threshold:fraction", $"'{options.Threshold.Fraction}' is not a fraction from 0 to 1 (0.0001 is one packet in 10,000)"));
        }

        if (options.AllowLinkReset is not ("true" or "false"))
        {
            problems.Add(new("adaptive:allow-link-reset", $"'{options.AllowLinkReset}' is not true or false"));
        }

        if (!int.TryParse(options.ChangesPerHour, NumberStyles.None, CultureInfo.InvariantCulture, out var budget) || budget < 1 || budget > AdaptivePolicy.MaxChangesPerHour)
        {
            problems.Add(new("adaptive:changes-per-hour", $"'{options.ChangesPerHour}' is not a whole number from 1 to {AdaptivePolicy.MaxChangesPerHour}"));
        }
    }

    /// <summary>The policy; call only when <see cref="Check"/> found nothing.</summary>
    public static AdaptivePolicy ToPolicy(AdaptiveConfigOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AdaptivePolicy(
            options.Rings switch { "off" => AdaptiveMode.Off, "apply" => AdaptiveMode.Apply, _ => AdaptiveMode.Suggest },
            AgentDuration.TryParse(options.Window, out var window) ? window : AdaptivePolicy.Default.Window,
            AgentDuration.TryParse(options.Cooldown, out var cooldown) ? cooldown : AdaptivePolicy.Default.Cooldown,
            TryNumber(options.Threshold.DropsPerSecond, out var rate) ? rate : AdaptivePolicy.Default.DropsPerSecond,
            TryNumber(options.Threshold.Fraction, out var fraction) ? fraction : AdaptivePolicy.Default.Fraction,
            options.AllowLinkReset == "true",
            int.Parse(options.ChangesPerHour ?? "4", NumberStyles.None, CultureInfo.InvariantCulture));
    }

    private static void Duration(List<ConfigProblem> problems, string key, string? text, TimeSpan min, TimeSpan max)
    {
        if (!AgentDuration.TryParse(text, out var duration))
        {
            problems.Add(new(key, $"'{text}' is not a duration (e.g. 30s, 5m, 1h)"));
        }
        else if (duration < min || duration > max)
        {
            problems.Add(new(key, $"'{text}' is out of range {AgentDuration.Format(min)}..{AgentDuration.Format(max)}"));
        }
    }

    private static bool TryNumber(string? text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value) && value >= 0;
}

using System.Globalization;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>Durations as people write them in config: <c>90</c> (seconds), <c>60s</c>, <c>5m</c>, <c>1h30m</c>, <c>1d</c>, <c>500ms</c>.</summary>
public static class AgentDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = (text ?? string.Empty).AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        if (long.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TryAdd(ref duration, seconds, TimeSpan.TicksPerSecond);
        }

        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }

            var letters = digits;
            while (letters < span.Length && char.IsAsciiLetter(span[letters]))
            {
                letters++;
            }

            if (digits == 0 || letters == digits
                || !long.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                || UnitTicks(span[digits..letters]) is not { } ticks
                || !TryAdd(ref duration, amount, ticks))
            {
                return false;
            }

            span = span[letters..].TrimStart();
        }

        return true;
    }

    /// <summary>Formats a duration the way <see cref="TryParse"/> reads it, for messages and STATUS lines.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { Ticks: 0 } => "0s",
        _ when duration.Ticks % TimeSpan.TicksPerDay == 0 => $"{duration.Ticks / TimeSpan.TicksPerDay}d",
        _ when duration.Ticks % TimeSpan.TicksPerHour == 0 => $"{duration.Ticks / TimeSpan.TicksPerHour}h",
        _ when duration.Ticks % TimeSpan.TicksPerMinute == 0 => $"{duration.Ticks / TimeSpan.TicksPerMinute}m",
        _ when duration.Ticks % TimeSpan.TicksPerSecond == 0 => $"{duration.Ticks / TimeSpan.TicksPerSecond}s",
        _ => $"{duration.Ticks / TimeSpan.TicksPerMillisecond}ms",
    };

    private static long? UnitTicks(ReadOnlySpan<char> unit) => unit switch
    {
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" or "sec" => TimeSpan.TicksPerSecond,
        "m" or "min" => TimeSpan.TicksPerMinute,
        "h" => TimeSpan.TicksPerHour,
        "d" => TimeSpan.TicksPerDay,
        _ => null,
    };

    private static bool TryAdd(ref TimeSpan total, long amount, long ticksPerUnit)
    {
        if (amount > (TimeSpan.MaxValue.Ticks - total.Ticks) / ticksPerUnit)
        {
            return false;
        }

        total += TimeSpan.FromTicks(amount * ticksPerUnit);
        return true;
    }
}

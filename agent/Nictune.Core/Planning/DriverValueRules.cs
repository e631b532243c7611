using System.Numerics;

namespace Nictune.Core.Planning;

/// <summary>How a driver takes ring sizes (docs/drivers.md §4).</summary>
public enum RingSizeRule
{
    /// <summary>Any size up to the reported maximum; the driver may round it (read back).</summary>
    Any,

    /// <summary>
    /// Powers of two only, and a request that is not one fails (virtio_net: ENOMEM "Bad virtqueue length"); the
    /// planner rounds it down to the largest power of two not above the request.
    /// </summary>
    PowerOfTwo,
}

/// <summary>
/// rx-usecs values that select an interrupt-throttling mode instead of a delay (e1000, e1000e; docs/drivers.md §4):
/// <see cref="Modes"/> are modes, <see cref="MinUsecs"/>..<see cref="MaxUsecs"/> are microseconds, anything else is
/// EINVAL.
/// </summary>
/// <param name="Modes">Each mode value and its name.</param>
/// <param name="MinUsecs">The smallest value that is a delay in microseconds.</param>
/// <param name="MaxUsecs">The largest.</param>
public sealed record ThrottlingModes(IReadOnlyDictionary<long, string> Modes, long MinUsecs, long MaxUsecs)
{
    /// <summary>The mode's name when <paramref name="value"/> selects a mode; null for a delay.</summary>
    public string? ModeOf(long value) => Modes.TryGetValue(value, out var mode) ? mode : null;

    /// <summary>Why the driver refuses <paramref name="value"/>, or null when it takes it.</summary>
    public string? Refusal(string driver, long value) =>
        Modes.ContainsKey(value) || (value >= MinUsecs && value <= MaxUsecs)
            ? null
            : $"{driver} takes rx-usecs {string.Join(", ", Modes.OrderBy(m => m.Key).Select(m => $"{m.Key} ({m.Value})"))} or {MinUsecs}-{MaxUsecs} µs; {value} is refused (EINVAL)";
}

/// <summary>What values a driver's settings can hold: one entry per driver in <see cref="DriverBehaviours"/>.</summary>
/// <param name="Rings">How ring sizes are taken.</param>
/// <param name="RxUsecs">rx-usecs modes, for drivers where small values select a mode.</param>
public sealed record DriverValueRules(RingSizeRule Rings, ThrottlingModes? RxUsecs = null)
{
    public static DriverValueRules Default { get; } = new(RingSizeRule.Any);

    /// <summary>The ring size the driver holds for <paramref name="requested"/>, when the rule alone decides it.</summary>
    public long RingSize(long requested) =>
        Rings == RingSizeRule.PowerOfTwo && requested > 0 && !BitOperations.IsPow2(requested)
            ? (long)BitOperations.RoundUpToPowerOf2((ulong)requested) / 2
            : requested;
}

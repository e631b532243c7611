namespace Nictune.Core.Adaptive;

/// <summary>
/// The <c>adaptive:</c> section of agent.yaml, validated. The defaults and why they were chosen are in
/// docs/adaptive.md.
/// </summary>
/// <param name="Mode">off, suggest (the default) or apply.</param>
/// <param name="Window">How long drops must be sustained before anything is suggested.</param>
/// <param name="Cooldown">At most one change (or suggestion) per device in this time, counted from its ring's last change.</param>
/// <param name="DropsPerSecond">The absolute threshold: ring-exhaustion drops per second, in each half of the window.</param>
/// <param name="Fraction">The relative threshold: drops as a fraction of the packets that arrived (received plus dropped).</param>
/// <param name="AllowLinkReset">Whether apply may change a ring on a driver that resets the link to do it.</param>
/// <param name="ChangesPerHour">The global budget: adaptive changes on all devices together in any hour.</param>
public sealed record AdaptivePolicy(
    AdaptiveMode Mode,
    TimeSpan Window,
    TimeSpan Cooldown,
    double DropsPerSecond,
    double Fraction,
    bool AllowLinkReset,
    int ChangesPerHour)
{
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinCooldown = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(7);
    public const double MaxDropsPerSecond = 1e9;
    public const int MaxChangesPerHour = 100;

    public static readonly AdaptivePolicy Default = new(
        AdaptiveMode.Suggest,
        Window: TimeSpan.FromMinutes(5),
        Cooldown: TimeSpan.FromHours(1),
        DropsPerSecond: 10,
        Fraction: 0.0001,
        AllowLinkReset: false,
        ChangesPerHour: 4);

    /// <summary>
    /// How often the daemon samples the counters: thirty samples a window, between 1 s and 30 s, so that each half of
    /// the window has enough samples for its own rate.
    /// </summary>
    public TimeSpan SampleInterval => TimeSpan.FromTicks(Math.Clamp(Window.Ticks / 30, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
}

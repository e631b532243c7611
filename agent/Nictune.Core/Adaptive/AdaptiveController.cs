using System.Globalization;
using Nictune.Core.Planning;

namespace Nictune.Core.Adaptive;

/// <summary>
/// Decides when a receive ring should grow (docs/adaptive.md). Pure: the daemon feeds it counter samples and the
/// rings it sees, and reports back what became of each change; time is always passed in. Not thread-safe: the
/// daemon's one work loop owns it.
/// </summary>
public sealed class AdaptiveController(AdaptivePolicy policy)
{
    private static readonly TimeSpan BudgetPeriod = TimeSpan.FromHours(1);

    private readonly Dictionary<string, DeviceRingState> _devices = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _changes = new();

    public AdaptivePolicy Policy { get; private set; } = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <summary>The standing suggestions, by interface: what <c>nictune status</c> shows.</summary>
    public IReadOnlyList<AdaptiveVerdict> Suggestions =>
        [.. _devices.Where(d => d.Value.Suggestion is not null).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Value.Suggestion!)];

    /// <summary>A reload's new policy; what is known about each device is kept.</summary>
    public void UpdatePolicy(AdaptivePolicy updated) => Policy = updated ?? throw new ArgumentNullException(nameof(updated));

    /// <summary>Adds one reading of <paramref name="device"/>'s counters.</summary>
    public void Record(string device, DropSample sample) => State(device).Window.Add(sample, Policy.Window);

    /// <summary>
    /// A change made before this controller existed (an overlay entry kept over a restart): its cooldown still runs,
    /// and within the hour it counts against the budget. Only the first time a device is remembered counts.
    /// </summary>
    public void Remember(string device, DateTimeOffset changedAt, DateTimeOffset now)
    {
        var state = State(device);
        if (state.Remembered)
        {
            return;
        }

        state.Remembered = true;
        if (state.LastChange is null || state.LastChange < changedAt)
        {
            state.LastChange = changedAt;
        }

        if (now - changedAt < BudgetPeriod && changedAt <= now)
        {
            _changes.Enqueue(changedAt);
        }
    }

    /// <summary>Forgets interfaces that are gone (a new device under the name starts afresh).</summary>
    public void Retain(IEnumerable<string> present)
    {
        var keep = present.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _devices.Keys.Where(k => !keep.Contains(k)).ToList())
        {
            _devices.Remove(gone);
        }
    }

    /// <summary>
    /// The active profile changed (or was pushed, or rolled back): devices set aside or found "not helping" may be
    /// tried again, and standing suggestions are dropped (the new profile may already hold them).
    /// </summary>
    public void ProfileChanged()
    {
        foreach (var state in _devices.Values)
        {
            state.SetAside = null;
            state.NotHelping = false;
            state.PendingCheck = null;
            state.Suggestion = null;
            state.SuggestedAt = null;
        }
    }

    /// <summary>
    /// Decides for every interface whose rx ring the profile manages. At most one <see cref="AdaptiveAction.Apply"/>
    /// is returned: one device at a time.
    /// </summary>
    public IReadOnlyList<AdaptiveVerdict> Decide(DateTimeOffset now, IEnumerable<RingDevice> devices, AdaptiveContext context)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var verdicts = new List<AdaptiveVerdict>();
        if (Policy.Mode == AdaptiveMode.Off)
        {
            return verdicts;
        }

        var applying = false;
        foreach (var device in devices.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (DecideOne(now, device, context, applying) is { } verdict)
            {
                applying |= verdict.Action == AdaptiveAction.Apply;
                verdicts.Add(verdict);
            }
        }

        return verdicts;
    }

    /// <summary>What became of an <see cref="AdaptiveAction.Apply"/> verdict.</summary>
    /// <param name="device">The interface.</param>
    /// <param name="held">The rx ring size it holds afterwards.</param>
    /// <param name="outcome">Applied, or why not.</param>
    /// <param name="now">When the transaction ended.</param>
    public void Completed(string device, long held, AdaptiveOutcome outcome, DateTimeOffset now)
    {
        var state = State(device);
        _changes.Enqueue(now);
        state.LastChange = now;
        state.LastRx = held;
        state.Window.Clear();
        state.Suggestion = null;
        state.AtMaximumReported = null;
        var before = state.ApplyRate;
        state.ApplyRate = null;
        switch (outcome)
        {
            case AdaptiveOutcome.Applied:
                state.PendingCheck = before is { } rate ? (now, rate) : null;
                break;
            case AdaptiveOutcome.ReadBackFailed:
                state.SetAside = "the driver did not hold the value asked for";
                break;
            default:
                state.SetAside = "the change failed and was rolled back";
                break;
        }
    }

    /// <summary>Adaptive changes made in the hour before <paramref name="now"/>.</summary>
    public int ChangesInLastHour(DateTimeOffset now)
    {
        while (_changes.Count > 0 && now - _changes.Peek() >= BudgetPeriod)
        {
            _changes.Dequeue();
        }

        return _changes.Count;
    }

    private AdaptiveVerdict? DecideOne(DateTimeOffset now, RingDevice device, AdaptiveContext context, bool applying)
    {
        var state = State(device.Name);
        if (state.LastRx is { } seen && seen != device.CurrentRx)
        {
            // Changed by something else (a profile apply, an operator): the old drops say nothing about this size.
            state.LastChange = now;
            state.Window.Clear();
            state.Suggestion = null;
            state.AtMaximumReported = null;
            state.PendingCheck = null;
        }

        state.LastRx = device.CurrentRx;
        if (state.Window.Rate(Policy.Window) is not { } rate)
        {
            return null;
        }

        if (state.PendingCheck is { } pending && state.Window.Oldest is { } oldest && oldest.Time >= pending.At)
        {
            state.PendingCheck = null;

            // Doubling the ring should remove most drops that a full ring causes; when at least half remain, the
            // bottleneck is elsewhere (CPU, queues) and more ring would only add memory and latency.
            if (rate.PerSecond > pending.Before.PerSecond / 2)
            {
                state.NotHelping = true;
                return new AdaptiveVerdict(device.Name, AdaptiveAction.NotHelping, device.CurrentRx, null, device.MaximumRx, rate,
                    string.Create(CultureInfo.InvariantCulture, $"drops did not fall after the ring grew: {rate.PerSecond:0.##}/s now, {pending.Before.PerSecond:0.##}/s before; no further step until the profile changes"));
            }
        }

        if (!IsSustained(rate))
        {
            if (state.Suggestion is not null && state.SuggestedAt is { } at && now - at >= Policy.Cooldown)
            {
                state.Suggestion = null;
            }

            return null;
        }

        if (state.NotHelping || state.SetAside is not null)
        {
            return null;
        }

        if (RingSizing.Next(device.Driver, device.Mtu, device.CurrentRx, device.MaximumRx) is not { } target)
        {
            if (state.AtMaximumReported == device.CurrentRx)
            {
                return null;
            }

            state.AtMaximumReported = device.CurrentRx;
            return new AdaptiveVerdict(device.Name, AdaptiveAction.AtMaximum, device.CurrentRx, null, device.MaximumRx, rate,
                string.Create(CultureInfo.InvariantCulture, $"the rx ring is at its maximum {device.CurrentRx}: nothing is left to grow; more queues, a faster vCPU or another NIC may help"));
        }

        if (state.LastChange is { } changed && now - changed < Policy.Cooldown)
        {
            return null;
        }

        var notApplied = WhyNotApplied(now, device, context);
        if (notApplied is null)
        {
            if (applying || context.TransactionRunning)
            {
                return null;
            }

            state.ApplyRate = rate;
            return new AdaptiveVerdict(device.Name, AdaptiveAction.Apply, device.CurrentRx, target, device.MaximumRx, rate, "apply mode");
        }

        if (state.Suggestion is { } standing && standing.Target == target && state.SuggestedAt is { } suggested && now - suggested < Policy.Cooldown)
        {
            return null;
        }

        var verdict = new AdaptiveVerdict(device.Name, AdaptiveAction.Suggest, device.CurrentRx, target, device.MaximumRx, rate, notApplied);
        state.Suggestion = verdict;
        state.SuggestedAt = now;
        return verdict;
    }

    private string? WhyNotApplied(DateTimeOffset now, RingDevice device, AdaptiveContext context)
    {
        if (Policy.Mode != AdaptiveMode.Apply)
        {
            return "suggest mode: nothing is changed";
        }

        if (context.Observe)
        {
            return "observe mode: nothing is written";
        }

        if (!Policy.AllowLinkReset && DriverBehaviours.For(device.Driver) is { RingsResetLink: true } behaviour)
        {
            return $"not applied: {behaviour.Effect}; set adaptive.allow-link-reset: true to allow it";
        }

        if (ChangesInLastHour(now) >= Policy.ChangesPerHour)
        {
            return string.Create(CultureInfo.InvariantCulture, $"not applied: the budget of {Policy.ChangesPerHour} adaptive change(s) per hour is spent");
        }

        return null;
    }

    private bool IsSustained(DropRate rate) =>
        rate.PerSecond >= Policy.DropsPerSecond && rate.LowerHalfPerSecond >= Policy.DropsPerSecond && rate.Fraction >= Policy.Fraction;

    private DeviceRingState State(string device)
    {
        if (!_devices.TryGetValue(device, out var state))
        {
            state = new DeviceRingState();
            _devices[device] = state;
        }

        return state;
    }
}

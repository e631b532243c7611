using System.Globalization;
using Nictune.Core.Adaptive;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Status;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;

namespace Nictune.Host.Adaptive;

/// <summary>
/// The daemon's side of adaptive rings (docs/adaptive.md): samples the counters of the interfaces whose rx ring the
/// active plan manages, asks the <see cref="AdaptiveController"/> (Core, pure) what to do, and says so: an event for
/// each suggestion and hold (the event's log line is the structured log), and the status. It changes nothing itself:
/// an <see cref="AdaptiveAction.Apply"/> verdict goes back to the tuner, which runs it as a transaction in the work
/// loop and reports the outcome here. Not thread-safe: the work loop owns it.
/// </summary>
internal sealed class AdaptiveRings(IDropCounterSource counters, AgentStatusBoard board, TimeProvider time) : IDisposable
{
    private readonly AdaptiveController _controller = new(AdaptivePolicy.Default);
    private IReadOnlyList<AdaptiveRingStatus> _held = [];

    public AdaptivePolicy Policy => _controller.Policy;

    /// <summary>A new configuration's policy; a change of profile also lets set-aside devices be tried again.</summary>
    public void Configure(AdaptivePolicy policy, bool profileChanged)
    {
        _controller.UpdatePolicy(policy);
        if (profileChanged)
        {
            _controller.ProfileChanged();
            _held = [];
        }
    }

    /// <summary>
    /// One sample and one decision for the interfaces <paramref name="plan"/> manages the rx ring of. Suggestions and
    /// holds are published here; the one <see cref="AdaptiveAction.Apply"/> verdict, if any, is returned.
    /// </summary>
    public AdaptiveVerdict? Decide(TuningPlan plan, SystemInventory inventory, ISettingStore store, AdaptiveContext context, AdaptiveOverlay overlay)
    {
        if (Policy.Mode == AdaptiveMode.Off)
        {
            _controller.Retain([]);
            _held = [];
            Publish(overlay);
            return null;
        }

        var managed = ManagedRings(plan);
        _controller.Retain(managed.Keys);
        var now = time.GetUtcNow();

        // Growths from before a restart keep their cooldown and count against this hour's budget.
        foreach (var entry in overlay.Entries.Where(e => managed.ContainsKey(e.Device)))
        {
            _controller.Remember(entry.Device, entry.At, now);
        }

        foreach (var (device, sample) in counters.Read([.. managed.Keys], now))
        {
            _controller.Record(device, sample);
        }

        var devices = new List<RingDevice>();
        var nics = inventory.Interfaces.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var device in managed.Keys)
        {
            var reading = store.Read(SettingKey.Interface(device, SettingNames.RingRx));
            if (long.TryParse(reading.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var rx) && reading.Maximum is { } max && nics.TryGetValue(device, out var nic))
            {
                devices.Add(new RingDevice(device, nic.Driver, nic.Mtu, rx, max));
            }
        }

        AdaptiveVerdict? apply = null;
        foreach (var verdict in _controller.Decide(now, devices, context))
        {
            switch (verdict.Action)
            {
                case AdaptiveAction.Apply:
                    apply = verdict;
                    break;
                case AdaptiveAction.Suggest:
                    board.Publish(new AdaptiveSuggested(verdict.Device, AdaptiveVerdict.Setting, verdict.Current, verdict.Target!.Value, verdict.Maximum,
                        verdict.Rate.PerSecond, verdict.Rate.Fraction, verdict.Reason, verdict.ProfileLine!));
                    break;
                default:
                    var kind = verdict.Action == AdaptiveAction.AtMaximum ? "at_maximum" : "not_helping";
                    _held = [.. _held.Where(h => h.Device != verdict.Device), Status(verdict, kind)];
                    board.Publish(new AdaptiveHeld(verdict.Device, AdaptiveVerdict.Setting, verdict.Current, verdict.Maximum, verdict.Rate.PerSecond, kind, verdict.Reason));
                    break;
            }
        }

        _held = [.. _held.Where(h => managed.ContainsKey(h.Device) && devices.Any(d => d.Name == h.Device && d.CurrentRx.ToString(CultureInfo.InvariantCulture) == h.Current))];
        Publish(overlay);
        return apply;
    }

    /// <summary>The overlay entry an applied <paramref name="verdict"/> keeps, under <paramref name="plan"/>'s rule for its device.</summary>
    public static OverlayEntry? EntryFor(AdaptiveVerdict verdict, TuningPlan plan, DateTimeOffset now)
    {
        var row = plan.Rows.FirstOrDefault(r => r.Key == SettingKey.Interface(verdict.Device, SettingNames.RingRx));
        return row?.Requested is { } requested && verdict.Target is { } target
            ? new OverlayEntry(verdict.Device, AdaptiveVerdict.Setting, target, plan.Profile, requested, now, Math.Round(verdict.Rate.PerSecond, 3))
            : null;
    }

    /// <summary>What became of an applied verdict's transaction: the controller's cooldown, not-helping watch or set-aside.</summary>
    public void Completed(AdaptiveVerdict verdict, TransactionResult result, AdaptiveOverlay overlay)
    {
        var outcome = result.Settings.FirstOrDefault(s => s.Key == SettingKey.Interface(verdict.Device, SettingNames.RingRx));
        var held = long.TryParse(outcome?.Actual, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : (long?)null;
        var (adaptive, word) = (result.Outcome, outcome?.Status) switch
        {
            (TransactionOutcome.Succeeded, SettingStatus.Applied) => (AdaptiveOutcome.Applied, "applied"),
            (TransactionOutcome.Succeeded, SettingStatus.Adjusted) => (AdaptiveOutcome.ReadBackFailed, "adjusted"),
            _ => (AdaptiveOutcome.Failed, "failed"),
        };
        _controller.Completed(verdict.Device, held ?? verdict.Current, adaptive, time.GetUtcNow());
        board.Publish(new AdaptiveChanged(verdict.Device, AdaptiveVerdict.Setting, verdict.Current, verdict.Target!.Value,
            result.Outcome == TransactionOutcome.Succeeded ? held : null, verdict.Rate.PerSecond, word, result.Id));
        Publish(overlay);
    }

    /// <summary>
    /// The overlay entries <paramref name="plan"/> no longer uses: the profile changed, its rule for the device asks for
    /// something else, or no rule manages the device's rx ring now. Entries of interfaces absent from the inventory are
    /// kept (the interface may come back). Each removed entry is published with its reason.
    /// </summary>
    public AdaptiveOverlay Prune(AdaptiveOverlay overlay, TuningPlan plan, SystemInventory inventory)
    {
        var present = inventory.Interfaces.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var stale = new List<(OverlayEntry Entry, string Reason)>();
        foreach (var entry in overlay.Entries.Where(e => present.Contains(e.Device)))
        {
            var row = plan.Rows.FirstOrDefault(r => r.Key == SettingKey.Interface(entry.Device, entry.Setting));
            var reason = entry.Profile != plan.Profile ? $"the active profile is {plan.Profile}, not {entry.Profile}"
                : row is null || row.Action == PlanAction.Unsupported ? $"profile {plan.Profile} no longer manages {entry.Device} {entry.Setting}"
                : row.Source != PlanRow.AdaptiveSource ? $"profile {plan.Profile} now asks for {row.Requested}, not {entry.Base}"
                : null;
            if (reason is not null)
            {
                stale.Add((entry, reason));
            }
        }

        if (stale.Count == 0)
        {
            return overlay;
        }

        foreach (var (entry, reason) in stale)
        {
            board.Publish(new AdaptiveOverlayCleared(entry.Device, entry.Setting, entry.Value, reason));
        }

        return overlay.Without(e => stale.Any(s => ReferenceEquals(s.Entry, e)));
    }

    public void Dispose() => (counters as IDisposable)?.Dispose();

    /// <summary>Puts suggestions, holds and the overlay on the status board.</summary>
    public void Publish(AdaptiveOverlay overlay)
    {
        var suggestions = _controller.Suggestions.Select(s => Status(s, "suggested"));
        var kept = overlay.Entries.Select(e => new AdaptiveRingStatus(e.Device, e.Setting, "overlay", e.Base, e.Value, e.DropsPerSecond,
            string.Create(CultureInfo.InvariantCulture, $"grown by adaptive at {e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z under profile {e.Profile}"),
            string.Create(CultureInfo.InvariantCulture, $"ring: {{ rx: {e.Value} }}")));
        board.SetAdaptive([.. kept, .. suggestions, .. _held]);
    }

    private static AdaptiveRingStatus Status(AdaptiveVerdict verdict, string state) => new(
        verdict.Device, AdaptiveVerdict.Setting, state, verdict.Current.ToString(CultureInfo.InvariantCulture), verdict.Target, verdict.Rate.PerSecond, verdict.Reason, verdict.ProfileLine);

    /// <summary>The interfaces whose rx ring the plan manages, with their row.</summary>
    private static Dictionary<string, PlanRow> ManagedRings(TuningPlan plan) =>
        plan.Rows
            .Where(r => r.Key.Scope == SettingScope.Interface && r.Key.Name == SettingNames.RingRx && r.Action != PlanAction.Unsupported)
            .GroupBy(r => r.Key.Target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
}

using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;

namespace Nictune.Host.Tuning;

/// <summary>
/// What the daemon remembers between passes, and the policy over it; no I/O and no logging, so every rule is
/// tested against plain plans and results:
/// <list type="bullet">
/// <item>drift dedupe: a difference already reported is not reported again until its value moves;</item>
/// <item>set-aside: a setting whose write the kernel refused is left out of later passes until the value wanted
/// changes or the configuration is reloaded, so one refusal does not roll the whole profile back at every tick;</item>
/// <item>no-longer-managed: after a profile change, what the old profile managed and the new one does not;</item>
/// <item>interfaces added and gone; everything kept about a gone interface is forgotten with it.</item>
/// </list>
/// </summary>
internal sealed class DriftLedger
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<SettingKey, string?> _reported = [];
    private readonly SetAsideSettings _setAside = new();
    private HashSet<SettingKey> _managed = [];

    /// <summary>How many settings are set aside.</summary>
    public int SetAsideCount => _setAside.Count;

    /// <summary>The settings set aside.</summary>
    public IReadOnlyList<SettingKey> SetAside => _setAside.Keys;

    /// <summary>Differences reported and not yet resolved, with the value seen.</summary>
    public IReadOnlyDictionary<SettingKey, string?> Reported => _reported;

    /// <summary>A new configuration: refusals are tried again.</summary>
    public void ForgetSetAside() => _setAside.Clear();

    /// <summary>
    /// The plan without the writes set aside (a set-aside row whose wanted value changed is kept). What was set aside
    /// for an interface no longer in <paramref name="inventory"/> is forgotten first.
    /// </summary>
    public TuningPlan WithoutSetAside(TuningPlan plan, SystemInventory inventory)
    {
        _setAside.Prune(inventory.Interfaces.Select(i => i.Name).ToHashSet(StringComparer.Ordinal));
        return _setAside.Filter(plan);
    }

    /// <summary>
    /// Compares this pass's plan with what was known: an <paramref name="initial"/> pass (boot, reload, apply) reports
    /// settings no longer managed; a later pass reports interfaces added and gone and new drift. Then remembers this pass.
    /// The observation's plan is <paramref name="plan"/> without what is set aside; a setting set aside is still managed.
    /// </summary>
    public PassObservation Observe(SystemInventory inventory, TuningPlan plan, bool initial)
    {
        var present = inventory.Interfaces.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var managed = plan.Rows.Where(r => r.Action != PlanAction.Unsupported).Select(r => r.Key).ToHashSet();
        var wanted = plan;
        plan = WithoutSetAside(plan, inventory);
        var notInForce = _setAside.Within(wanted);

        // Only a setting that does not hold its wanted value is drift: steering rewritten with the value it holds
        // (kept across a planned link reset) is part of another change, never a change of its own.
        var changes = plan.Rows.Where(r => r.ChangesValue).ToList();

        // A profile switch is not an undo: what the old profile managed and the new one does not keeps its value; say so once.
        var noLongerManaged = initial
            ? _managed.Where(k => !managed.Contains(k) && (k.Scope == SettingScope.Sysctl || present.Contains(k.Target))).ToList()
            : [];

        var added = new List<(string Interface, int Changes)>();
        var removed = new List<string>();
        if (!initial)
        {
            added.AddRange(inventory.Interfaces.Where(i => !_known.Contains(i.Name)).Select(i => (i.Name, changes.Count(r => r.Key.Scope == SettingScope.Interface && r.Key.Target == i.Name))));
            removed.AddRange(_known.Where(name => !present.Contains(name)).Order(StringComparer.Ordinal));
        }

        var drift = initial
            ? []
            : changes.Where(r => (!_reported.TryGetValue(r.Key, out var seen) || seen != r.Current)
                && (r.Key.Scope == SettingScope.Sysctl || _known.Contains(r.Key.Target))).ToList();

        _managed = managed;
        _known.Clear();
        _known.UnionWith(present);
        _reported.Clear();
        foreach (var row in changes)
        {
            _reported[row.Key] = row.Current;
        }

        // Nothing is kept for an interface that is gone: its name may come back as another device.
        _setAside.Prune(present);

        return new PassObservation(plan, changes, drift, added, removed, noLongerManaged, notInForce);
    }

    /// <summary>
    /// Learns from a transaction: after a success nothing is left drifted; every write the kernel refused for good
    /// (<see cref="SetAsideSettings"/>) is set aside. Returns the settings newly set aside.
    /// </summary>
    public IReadOnlyList<SettingOutcome> Learn(TransactionResult result)
    {
        if (result.Outcome is TransactionOutcome.Succeeded or TransactionOutcome.NoChanges or TransactionOutcome.Partial)
        {
            _reported.Clear();
        }

        return _setAside.Record(result);
    }

    /// <summary>
    /// What became of each drift a transaction set out to correct: Corrected when the kernel holds the profile's value,
    /// SetAside only for what <see cref="Learn"/> set aside (<paramref name="setAside"/>), Failed for everything else
    /// (a transient errno such as EBUSY, EIO or ENOMEM, or a pass rolled back by another setting): tried again at the
    /// next pass. The value is what the kernel holds now, when the transaction read it.
    /// </summary>
    public static IReadOnlyList<(PlanRow Drift, string? Value, DriftOutcome Outcome)> Corrections(
        IReadOnlyList<PlanRow> drift, TransactionResult result, IReadOnlyList<SettingOutcome> setAside)
    {
        var outcomes = result.Settings.ToDictionary(s => s.Key);
        var refused = setAside.Select(s => s.Key).ToHashSet();
        return [.. drift.Select(row =>
        {
            var outcome = outcomes.GetValueOrDefault(row.Key);
            var what = outcome?.Status is SettingStatus.Applied or SettingStatus.Adjusted ? DriftOutcome.Corrected
                : refused.Contains(row.Key) ? DriftOutcome.SetAside
                : DriftOutcome.Failed;
            return (row, outcome?.Actual ?? row.Current, what);
        })];
    }
}

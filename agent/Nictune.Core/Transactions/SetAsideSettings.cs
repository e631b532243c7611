using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>
/// The daemon's memory of settings the kernel refused for good (<see cref="Refusals.IsPermanent"/>), and of writes the
/// health guard undid on an interface that failed it, with the value refused. Later passes leave them out until the wanted value changes or the set is cleared (a reload), so one
/// refused setting cannot roll the whole profile back at every drift tick, resetting links each time. A transaction
/// meets all of its permanent refusals at once, so they are all set aside at once. Nothing is set aside for an
/// interface that is gone (<see cref="SettingStatus.Gone"/>), and what is set aside for an interface is forgotten
/// when it goes: a later interface of the same name is a new device.
/// </summary>
public sealed class SetAsideSettings
{
    // Each setting set aside, as the transaction that met the refusal reported it (value refused, errno, reason).
    private readonly Dictionary<SettingKey, SettingOutcome> _refused = [];

    public int Count => _refused.Count;

    /// <summary>The settings set aside, in key order.</summary>
    public IReadOnlyList<SettingKey> Keys => [.. _refused.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal)];

    /// <summary>The plan without the rows set aside (a row whose wanted value changed is planned again).</summary>
    public TuningPlan Filter(TuningPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return _refused.Count == 0
            ? plan
            : plan with { Rows = [.. plan.Rows.Where(r => !IsSetAside(r))] };
    }

    /// <summary>
    /// The rows of <paramref name="plan"/> that <see cref="Filter"/> leaves out, as each was refused: the part of the
    /// profile the kernel does not hold (<see cref="TransactionOutcome.Partial"/>).
    /// </summary>
    public IReadOnlyList<SettingOutcome> Within(TuningPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.Rows.Where(IsSetAside).Select(r => _refused[r.Key] with { Original = r.Current, Actual = r.Current })];
    }

    /// <summary>Sets aside the permanent refusals of a transaction; returns the settings newly set aside.</summary>
    public IReadOnlyList<SettingOutcome> Record(TransactionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var added = new List<SettingOutcome>();
        foreach (var refused in result.Settings.Where(s => s.Status == SettingStatus.Failed && Refusals.IsPermanent(s.Errno) || GuardFailed(result, s)))
        {
            if (!_refused.TryGetValue(refused.Key, out var known) || known.Desired != refused.Desired)
            {
                _refused[refused.Key] = refused;
                added.Add(refused);
            }
        }

        return added;
    }

    /// <summary>
    /// A write the health guard undid: its interface failed the guard after the change (docs/guard.md), so the change
    /// is not tried again on that interface until the wanted value changes or the interface goes, like a refusal.
    /// </summary>
    private static bool GuardFailed(TransactionResult result, SettingOutcome setting) =>
        result.Outcome == TransactionOutcome.GuardReverted && setting.Status == SettingStatus.RolledBack
        && setting.Key.Scope == SettingScope.Interface && result.Guard is { } evidence && evidence.Any(e => e.Interface == setting.Key.Target);

    /// <summary>Forgets what was set aside for interfaces that no longer exist.</summary>
    public void Prune(IReadOnlySet<string> present)
    {
        ArgumentNullException.ThrowIfNull(present);
        foreach (var key in _refused.Keys.Where(k => k.Scope == SettingScope.Interface && !present.Contains(k.Target)).ToList())
        {
            _refused.Remove(key);
        }
    }

    public void Clear() => _refused.Clear();

    private bool IsSetAside(PlanRow row) => row.IsWrite && _refused.TryGetValue(row.Key, out var refused) && refused.Desired == row.Desired;
}

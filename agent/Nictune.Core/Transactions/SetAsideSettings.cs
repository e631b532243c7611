using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>
/// The daemon's memory of settings the kernel refused for good (<see cref="Refusals.IsPermanent"/>), with the value
/// refused. Later passes leave them out until the wanted value changes or the set is cleared (a reload), so one
/// refused setting cannot roll the whole profile back at every drift tick, resetting links each time. A transaction
/// meets all of its permanent refusals at once, so they are all set aside at once. Nothing is set aside for an
/// interface that is gone (<see cref="SettingStatus.Gone"/>), and what is set aside for an interface is forgotten
/// when it goes: a later interface of the same name is a new device.
/// </summary>
public sealed class SetAsideSettings
{
    private readonly Dictionary<SettingKey, string?> _refused = [];

    public int Count => _refused.Count;

    /// <summary>The settings set aside, in key order.</summary>
    public IReadOnlyList<SettingKey> Keys => [.. _refused.Keys.OrderBy(k => k.ToString(), StringComparer.Ordinal)];

    /// <summary>The plan without the rows set aside (a row whose wanted value changed is planned again).</summary>
    public TuningPlan Filter(TuningPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return _refused.Count == 0
            ? plan
            : plan with { Rows = [.. plan.Rows.Where(r => !(r.IsWrite && _refused.TryGetValue(r.Key, out var refused) && refused == r.Desired))] };
    }

    /// <summary>Sets aside the permanent refusals of a transaction; returns the settings newly set aside.</summary>
    public IReadOnlyList<SettingOutcome> Record(TransactionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var added = new List<SettingOutcome>();
        foreach (var refused in result.Settings.Where(s => s.Status == SettingStatus.Failed && Refusals.IsPermanent(s.Errno)))
        {
            if (!_refused.TryGetValue(refused.Key, out var value) || value != refused.Desired)
            {
                _refused[refused.Key] = refused.Desired;
                added.Add(refused);
            }
        }

        return added;
    }

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
}

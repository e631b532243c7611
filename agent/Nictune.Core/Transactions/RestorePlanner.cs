using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>Plans putting a set of settings back to recorded values (the baseline, or a transaction's originals).</summary>
internal static class RestorePlanner
{
    public static IReadOnlyList<PlanRow> Plan(IEnumerable<(SettingKey Key, string Value)> targets, SystemInventory? inventory, ISettingStore store)
    {
        var nics = inventory?.Interfaces.ToDictionary(n => n.Name, StringComparer.Ordinal) ?? [];
        var rows = new List<PlanRow>();
        foreach (var (key, value) in targets)
        {
            var driver = key.Scope == SettingScope.Interface && nics.TryGetValue(key.Target, out var nic) ? nic.Driver : null;
            var reading = store.Read(key);
            if (!reading.IsSupported)
            {
                rows.Add(new PlanRow(key, null, value, null, PlanAction.Unsupported, $"cannot restore {value}: {reading.UnsupportedReason}"));
            }
            else if (reading.Maximum is { } max && SettingValues.TryParseNumber(value, out var wanted) && wanted > max)
            {
                rows.Add(new PlanRow(key, reading.Value, value, null, PlanAction.Unsupported,
                    $"skipped: cannot restore {value}, the device can no longer hold it (its maximum is {max})"));
            }
            else if (SettingValues.AreEqual(key, reading.Value, value))
            {
                rows.Add(new PlanRow(key, reading.Value, value, value, PlanAction.Unchanged, $"already {value}"));
            }
            else
            {
                rows.Add(new PlanRow(key, reading.Value, value, value, PlanAction.Change, $"restore {value}", DriverBehaviours.ResetsLink(driver, key)));
            }
        }

        // Keep steering across the link resets and queue re-spreads the restore itself causes, as an apply does.
        var guarded = new List<PlanRow>();
        foreach (var group in rows.Where(r => r.Key.Scope == SettingScope.Interface).GroupBy(r => r.Key.Target, StringComparer.Ordinal))
        {
            var deviceRows = group.ToList();
            if (nics.TryGetValue(group.Key, out var nic))
            {
                // A channel restore may change the queue count: only queues below both counts are certain to exist.
                SteeringGuard.Protect(deviceRows, nic, QueueLayout.Of(nic, deviceRows, store), store, null);
            }

            guarded.AddRange(deviceRows);
        }

        guarded.AddRange(rows.Where(r => r.Key.Scope == SettingScope.Sysctl));
        var deviceOrder = inventory?.Interfaces.Select(n => n.Name).ToList() ?? rows.Select(r => r.Key.Target).Distinct(StringComparer.Ordinal).ToList();
        return ReadOnlyRows.Apply(PlanOrdering.Order(guarded, deviceOrder), store);
    }
}

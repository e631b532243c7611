using Nictune.Core.Profiles;
using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// Drivers put RPS, XPS and IRQ hints back to defaults when their link resets (docs/drivers.md §8). When a device's
/// rows include a link-resetting write, steering rows that already hold are re-applied after the reset, and the
/// device's RPS masks, RPS flow counts and XPS masks that no row touches are written back with their current value,
/// so neither the change nor its undo (which resets the link again) loses them.
/// </summary>
internal static class LinkResetGuard
{
    /// <param name="rows">The rows of one device; changed in place.</param>
    /// <param name="device">The interface.</param>
    /// <param name="effect">What the driver's reset does, for the reasons.</param>
    /// <param name="rxQueues">The rx queues that exist both before and after the change.</param>
    /// <param name="txQueues">Likewise for tx; XPS masks exist only with more than one tx queue.</param>
    /// <param name="store">Reads the masks of queues no row touches.</param>
    /// <param name="rule">The rule to attribute added rows to.</param>
    public static void Protect(List<PlanRow> rows, string device, string effect, int rxQueues, int txQueues, ISettingStore store, SourceLocation? rule)
    {
        if (!rows.Any(r => r.IsWrite && r.ResetsLink))
        {
            return;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Action == PlanAction.Unchanged && SettingNames.IsSteering(row.Key.Name))
            {
                rows[i] = row with { Action = PlanAction.Change, Reason = $"re-applied after the link reset ({effect}); {row.Reason}" };
            }
        }

        var planned = rows.Select(r => r.Key).ToHashSet();
        void Keep(string name)
        {
            var key = SettingKey.Interface(device, name);
            if (planned.Contains(key))
            {
                return;
            }

            var reading = store.Read(key);
            if (reading.IsSupported && reading.Value is not null)
            {
                rows.Add(new PlanRow(key, reading.Value, null, reading.Value, PlanAction.Change,
                    $"kept: written back after the link reset ({effect})", false, rule));
            }
        }

        for (var q = 0; q < rxQueues; q++)
        {
            Keep(SettingNames.RpsCpus(q));
            Keep(SettingNames.RpsFlowCount(q));
        }

        if (txQueues > 1)
        {
            for (var q = 0; q < txQueues; q++)
            {
                Keep(SettingNames.XpsCpus(q));
            }
        }
    }
}

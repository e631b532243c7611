using Nictune.Core.Model;
using Nictune.Core.Profiles;
using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// Drivers put steering back to their own values when their link resets or their queues are re-spread
/// (<see cref="DriverBehaviours.RewriteBy"/>, docs/drivers.md §8). When a device's rows include such a write, the
/// steering rows of the rewritten kinds that already hold are re-applied after it, and the device's settings of those
/// kinds that no row touches are written back with their current value (RPS masks, flow counts and XPS masks of the
/// queues that exist before and after; every IRQ of the device when the driver re-spreads them all), so neither the
/// change nor its undo (which rewrites them again) loses them.
/// </summary>
internal static class SteeringGuard
{
    /// <param name="rows">The rows of one device; changed in place.</param>
    /// <param name="nic">The device.</param>
    /// <param name="layout">Its queues before and after the rows.</param>
    /// <param name="store">Reads the settings no row touches.</param>
    /// <param name="rule">The rule to attribute added rows to.</param>
    public static void Protect(List<PlanRow> rows, NetInterface nic, QueueLayout layout, ISettingStore store, SourceLocation? rule)
    {
        if (DriverBehaviours.RewriteBy(nic.Driver, rows) is not { } rewrite)
        {
            return;
        }

        bool Rewritten(string name) => SettingNames.KindOf(name) switch
        {
            SettingKind.RpsCpus or SettingKind.RpsFlowCount => rewrite.Rps,
            SettingKind.XpsCpus or SettingKind.IrqAffinity => true,
            _ => false,
        };

        var after = $"after {rewrite.Cause} ({rewrite.Effect})";
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Action == PlanAction.Unchanged && Rewritten(row.Key.Name))
            {
                rows[i] = row with { Action = PlanAction.Change, Reason = $"re-applied {after}; {row.Reason}" };
            }
        }

        var planned = rows.Select(r => r.Key).ToHashSet();
        void Keep(string name)
        {
            var key = SettingKey.Interface(nic.Name, name);
            if (planned.Contains(key))
            {
                return;
            }

            var reading = store.Read(key);
            if (reading.IsSupported && reading.Value is not null)
            {
                rows.Add(new PlanRow(key, reading.Value, null, reading.Value, PlanAction.Change, $"kept: written back {after}", false, rule));
            }
        }

        if (rewrite.Rps)
        {
            for (var q = 0; q < layout.RxKept; q++)
            {
                Keep(SettingNames.RpsCpus(q));
                Keep(SettingNames.RpsFlowCount(q));
            }
        }

        if (layout.TxKept > 1)
        {
            for (var q = 0; q < layout.TxKept; q++)
            {
                Keep(SettingNames.XpsCpus(q));
            }
        }

        if (rewrite.AllIrqs)
        {
            foreach (var irq in nic.MsiIrqs)
            {
                Keep(SettingNames.IrqAffinity(irq));
            }
        }
    }
}

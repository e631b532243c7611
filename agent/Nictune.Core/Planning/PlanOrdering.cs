using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// The write order of a plan. Sysctls come first: they are global, never reset a link, and are the writes most
/// likely to be refused (ENOENT in a namespace, EPERM, EINVAL on a vector), so a refusal aborts the transaction
/// before any device has lost its carrier. Then, device by device in inventory order: the settings that reset the
/// link, the other device settings, RPS/XPS (which a reset puts back to defaults, docs/drivers.md §8) and IRQ affinity.
/// </summary>
public static class PlanOrdering
{
    public static IReadOnlyList<PlanRow> Order(IEnumerable<PlanRow> rows, IReadOnlyList<string> deviceOrder)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(deviceOrder);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var device in deviceOrder)
        {
            position.TryAdd(device, position.Count);
        }

        // OrderBy is stable: inside one phase the generator's order (ring, channels, coalesce, …; queue by queue) stays.
        return rows
            .Select((row, index) => (row, index))
            .OrderBy(x => x.row.Key.Scope == SettingScope.Sysctl ? 0 : 1)
            .ThenBy(x => x.row.Key.Scope == SettingScope.Sysctl ? 0 : position.GetValueOrDefault(x.row.Key.Target, int.MaxValue))
            .ThenBy(x => x.row.Key.Scope == SettingScope.Sysctl ? string.Empty : x.row.Key.Target, StringComparer.Ordinal)
            .ThenBy(x => (int)PhaseOf(x.row.Key, x.row.ResetsLink))
            .ThenBy(x => x.index)
            .Select(x => x.row)
            .ToList();
    }

    public static PlanPhase PhaseOf(SettingKey key, bool resetsLink)
    {
        if (key.Scope == SettingScope.Sysctl)
        {
            return PlanPhase.Sysctl;
        }

        if (resetsLink)
        {
            return PlanPhase.LinkReset;
        }

        if (SettingNames.KindOf(key.Name) == SettingKind.IrqAffinity)
        {
            return PlanPhase.IrqAffinity;
        }

        return SettingNames.IsSteering(key.Name) ? PlanPhase.Steering : PlanPhase.Device;
    }
}

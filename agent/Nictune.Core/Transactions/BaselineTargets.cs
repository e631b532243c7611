using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>
/// Finds where each baseline entry lives now. An entry recorded with a <see cref="BaselineSetting.Device"/> belongs to
/// that device under whatever name it has now (the recorded name is only a hint); when no interface is that device,
/// the entry is stale and skipped, with a row that says so, and the rest of the baseline is still restored.
/// Entries without a device (sysctls, interfaces known only by name) keep their key.
/// </summary>
internal static class BaselineTargets
{
    public static (List<(SettingKey Key, string Value)> Targets, List<PlanRow> Skipped) Resolve(Baseline baseline, SystemInventory? inventory)
    {
        var targets = new List<(SettingKey, string)>();
        var skipped = new List<PlanRow>();
        var byDevice = inventory?.Interfaces
            .Select(n => (n.Name, Id: DeviceIdentity.Of(n)))
            .Where(d => d.Id is not null)
            .GroupBy(d => d.Id!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        foreach (var entry in baseline.Settings)
        {
            if (entry.Device is not { } device || entry.Key.Scope != SettingScope.Interface || byDevice is null)
            {
                targets.Add((entry.Key, entry.Value));
            }
            else if (byDevice.TryGetValue(device, out var name))
            {
                targets.Add((entry.Key with { Target = name }, entry.Value));
            }
            else
            {
                skipped.Add(new PlanRow(entry.Key, null, entry.Value, null, PlanAction.Unsupported,
                    $"skipped: the device {entry.Key.Target} was ({device}) is gone; the rest of the baseline is restored"));
            }
        }

        return (targets, skipped);
    }
}

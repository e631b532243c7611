using Nictune.Core.Model;
using Nictune.Core.Profiles;
using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// Turns a resolved profile into a plan: which rule each interface matches, and for every setting the profile
/// touches what the system holds, what will be written and why. Reads go through the <see cref="ISettingStore"/>
/// port; nothing is written.
/// </summary>
public static class Planner
{
    /// <param name="profile">The resolved, validated profile.</param>
    /// <param name="inventory">The interfaces to plan for.</param>
    /// <param name="host">CPUs and irqbalance.</param>
    /// <param name="store">Where current values are read.</param>
    /// <param name="adjustments">Values the driver adjusted in earlier transactions, which satisfy their wish while held.</param>
    /// <param name="overlay">Adaptive values applied on top of this profile (docs/adaptive.md); each is used while the
    /// profile's rule still asks for what it asked when the value was applied.</param>
    public static TuningPlan Plan(Profile profile, SystemInventory inventory, HostFacts host, ISettingStore store, DriverAdjustments? adjustments = null,
        Adaptive.AdaptiveOverlay? overlay = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(store);

        // One moment of the system: each device's ethtool blocks are read once for all its rows.
        using var pass = store.ReadPass();
        var rows = new List<PlanRow>();

        // The profile's own order is kept: an author may put rps_sock_flow_entries before anything that relies on it.
        foreach (var (name, value) in profile.Sysctl)
        {
            var row = SysctlRow(store, name, value, profile.SysctlAtLeast.Contains(name));
            rows.Add(name == SysctlKey.MinFreeKbytes ? MinFreeKbytesCap.Apply(row, host) : row);
        }

        var matches = new List<InterfaceMatch>();
        foreach (var nic in inventory.Interfaces)
        {
            var index = RuleMatcher.FirstMatch(profile.Interfaces, nic, inventory.Hypervisor);
            if (index < 0)
            {
                matches.Add(new InterfaceMatch(nic.Name, null, -1));
                continue;
            }

            var rule = profile.Interfaces[index];
            var planner = new InterfacePlanner(nic, rule, host, store, adjustments, OverlayFor(overlay, profile, nic.Name));
            rows.AddRange(planner.Plan());
            matches.Add(new InterfaceMatch(nic.Name, rule.Location, index, planner.Note));
        }

        var deviceOrder = inventory.Interfaces.Select(n => n.Name).ToList();
        return new TuningPlan(profile.Name, profile.Source, ReadOnlyRows.Apply(PlanOrdering.Order(rows, deviceOrder), store), matches)
        {
            Devices = Identities(inventory, DeviceIdentity.Of),
            Drivers = Identities(inventory, DeviceIdentity.WithDriver),
            Present = PresentInterfaces.Of(inventory),
        };
    }

    /// <summary>Each interface's identity by name, for the interfaces that have one.</summary>
    private static Dictionary<string, string> Identities(SystemInventory inventory, Func<NetInterface, string?> identity) =>
        inventory.Interfaces
            .Select(n => (n.Name, Id: identity(n)))
            .Where(d => d.Id is not null)
            .DistinctBy(d => d.Name, StringComparer.Ordinal)
            .ToDictionary(d => d.Name, d => d.Id!, StringComparer.Ordinal);

    private static Adaptive.OverlayEntry? OverlayFor(Adaptive.AdaptiveOverlay? overlay, Profile profile, string device) =>
        overlay?.Entries.FirstOrDefault(e => e.Device == device && e.Setting == SettingNames.RingRx && e.Profile == profile.Name);

    private static PlanRow SysctlRow(ISettingStore store, string name, string value, bool atLeast)
    {
        var key = SettingKey.Sysctl(name);
        var reading = store.Read(key);
        if (!reading.IsSupported)
        {
            return new PlanRow(key, null, value, null, PlanAction.Unsupported, reading.UnsupportedReason!);
        }

        if (atLeast)
        {
            return FloorRow(key, reading.Value, value);
        }

        // The kernel takes any whitespace between the fields of a vector sysctl; single spaces keep the journal tidy.
        var desired = SettingValues.Canonical(key, value)!;
        return SettingValues.AreEqual(key, reading.Value, desired)
            ? new PlanRow(key, reading.Value, value, desired, PlanAction.Unchanged, $"already {desired}")
            : new PlanRow(key, reading.Value, value, desired, PlanAction.Change, $"profile sets {desired}");
    }

    /// <summary>
    /// A raise-only sysctl: each field becomes the larger of what the kernel holds and the profile's floor, so a
    /// value an administrator already raised is kept. <see cref="PlanRow.Requested"/> stays the floor as written;
    /// <see cref="PlanRow.Desired"/> is what gets written, and undo restores <see cref="PlanRow.Current"/> as usual.
    /// </summary>
    private static PlanRow FloorRow(SettingKey key, string? current, string floorText)
    {
        var floorShown = SettingValues.Canonical(key, floorText)!;
        var held = SettingValues.Canonical(key, current) ?? string.Empty;
        if (!SysctlFloor.TryParseFields(floorText, out var floor) || floor.Count == 0)
        {
            // The parser and validator refuse such a floor; a profile built in code may still carry one.
            return new PlanRow(key, current, floorText, null, PlanAction.Unsupported,
                $"at-least {floorShown} is not a list of integers");
        }

        if (!SysctlFloor.TryParseFields(current, out var fields))
        {
            return new PlanRow(key, current, floorText, null, PlanAction.Unsupported,
                $"at-least needs a numeric value, but the kernel holds \"{held}\"");
        }

        if (fields.Count != floor.Count)
        {
            return new PlanRow(key, current, floorText, null, PlanAction.Unsupported,
                $"at-least {floorShown} has {floor.Count} field(s), but the kernel holds {fields.Count} (\"{held}\")");
        }

        var raised = fields.Zip(floor, Int128.Max).ToList();
        var desired = SysctlFloor.Format(raised);
        return raised.SequenceEqual(fields)
            ? new PlanRow(key, current, floorText, desired, PlanAction.Unchanged, $"already at least {floorShown} (holds {held})")
            : new PlanRow(key, current, floorText, desired, PlanAction.Change, $"raised to at least {floorShown}");
    }
}

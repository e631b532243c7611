using System.Numerics;
using Nictune.Core.Catalog;
using Nictune.Core.Model;
using Nictune.Core.Profiles;
using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>Plans one interface against the rule it matched.</summary>
internal sealed class InterfacePlanner
{
    private const string IrqBalanceReason = "irqbalance manages IRQ affinity; not fighting it";
    private const string NoOnlineCpus = "the host reported no online CPUs";

    private readonly NetInterface _nic;
    private readonly InterfaceRule _rule;
    private readonly HostFacts _host;
    private readonly ISettingStore _store;
    private readonly LinkResetBehaviour? _behaviour;
    private readonly DriverValueRules _values;
    private readonly bool _isFailoverMaster;
    private readonly CpuSet _online;
    private readonly List<PlanRow> _rows = [];
    private readonly DriverAdjustments _adjustments;

    private readonly Adaptive.OverlayEntry? _rxOverlay;

    /// <param name="rxOverlay">The adaptive rx ring value kept for this interface under the active profile, if any.</param>
    public InterfacePlanner(NetInterface nic, InterfaceRule rule, HostFacts host, ISettingStore store, DriverAdjustments? adjustments = null,
        Adaptive.OverlayEntry? rxOverlay = null)
    {
        _rxOverlay = rxOverlay;
        _adjustments = adjustments ?? DriverAdjustments.None;
        _nic = nic;
        _rule = rule;
        _host = host;
        _store = store;
        _behaviour = DriverBehaviours.For(nic.Driver);
        _values = DriverBehaviours.ValuesOf(nic.Driver);
        // Only net_failover's software master lacks ring, channel and coalesce ops; an Azure hv_netvsc master is a
        // real netvsc device that has them (docs/drivers.md §4).
        _isFailoverMaster = nic.Class == NicClass.Software && nic.Failover == FailoverRole.Master;

        // Normalised once (distinct, ascending): every CPU-based value below counts and orders the same set.
        _online = new CpuSet(host.OnlineCpus);
    }

    public string? Note { get; private set; }

    public IReadOnlyList<PlanRow> Plan()
    {
        var settings = _rule.Settings;
        if (_isFailoverMaster)
        {
            Note = "net_failover master: rings, channels and coalescing are tuned on its lower devices (docs/drivers.md §3)";
        }

        // The catalog's settings in its order (ring, channels, coalesce), the features, then the rule's own keys.
        foreach (var setting in SettingCatalog.Settings.Where(s => s.Group is not null))
        {
            PlanSetting(setting, settings);
        }

        foreach (var (feature, on) in settings.Features ?? new Dictionary<string, bool>())
        {
            Toggle(SettingNames.Feature(feature), on);
        }

        foreach (var setting in SettingCatalog.Ungrouped)
        {
            PlanSetting(setting, settings);
        }

        var layout = QueueLayout.Of(_nic, _rows, _store);
        if (settings.Rps?.Cpus is { } rpsCpus)
        {
            RpsCpus(rpsCpus, layout);
        }

        if (settings.Rps?.FlowCount is { } flowCount)
        {
            RpsFlowCount(flowCount, layout);
        }

        if (settings.Xps is { } xps)
        {
            Xps(xps, layout);
        }

        if (settings.IrqAffinity is { } irq && irq != IrqAffinityMode.None)
        {
            IrqAffinity(irq);
        }

        SteeringGuard.Protect(_rows, _nic, layout, _store, _rule.Location);
        return _rows;
    }

    private void PlanSetting(SettingDefinition setting, InterfaceSettings settings)
    {
        switch (setting)
        {
            case NumberSetting number:
                Numeric(number.Name, number.Get(settings));
                break;
            case ToggleSetting toggle:
                Toggle(toggle.Name, toggle.Get(settings));
                break;
        }
    }

    private SettingKey Key(string name) => SettingKey.Interface(_nic.Name, name);

    private void Add(SettingKey key, string? current, string? requested, string? desired, PlanAction action, string reason, string? source = null) =>
        _rows.Add(new PlanRow(key, current, requested, desired, action, reason, DriverBehaviours.ResetsLink(_nic.Driver, key), _rule.Location) { Source = source });

    private void Unsupported(SettingKey key, string? requested, string reason) =>
        Add(key, null, requested, null, PlanAction.Unsupported, reason);

    /// <summary>Reasons a ring/channel/coalesce setting cannot be planned before anything is read.</summary>
    private string? OpsUnavailable(string name)
    {
        var kind = SettingNames.KindOf(name);
        if (_isFailoverMaster && kind is SettingKind.Ring or SettingKind.Channels or SettingKind.Coalesce)
        {
            return $"{_nic.Name} is a net_failover master without ring, channel or coalesce operations; its lower devices are tuned instead";
        }

        if (_behaviour is { ChannelsReadOnly: true } && kind == SettingKind.Channels)
        {
            return $"{_nic.Driver} reports channels but cannot change them (get only)";
        }

        return null;
    }

    /// <summary>Why the driver refuses <paramref name="value"/> for <paramref name="name"/>, from its rules; null when it takes it.</summary>
    private string? DriverRefusal(string name, long value) =>
        name == SettingNames.CoalesceRxUsecs && _values.RxUsecs is { } modes ? modes.Refusal(_nic.Driver!, value) : null;

    /// <summary>
    /// A write of <paramref name="requested"/> to this setting that the same device, driver and firmware refused before
    /// (<see cref="DriverAdjustments.Refusal"/>), as a reason; else null.
    /// </summary>
    private string? Refused(SettingKey key, string requested) =>
        _adjustments.Refusal(key, DeviceIdentity.WithDriver(_nic), requested) is { } refused
            ? $"the device refused writing {refused.Desired} earlier ({Errnos.Name(refused.Refused!.Value)}): not written again until the device, its driver or firmware, or the value asked changes"
            : null;

    private void Numeric(string name, ProfileValue? value)
    {
        if (value is not { } requested)
        {
            return;
        }

        var key = Key(name);
        var requestedText = requested.ToString();
        if (OpsUnavailable(name) is { } unavailable)
        {
            Unsupported(key, requestedText, unavailable);
            return;
        }

        var reading = _store.Read(key);
        if (!reading.IsSupported)
        {
            Unsupported(key, requestedText, reading.UnsupportedReason!);
            return;
        }

        if (Refused(key, requestedText) is { } refused)
        {
            Add(key, reading.Value, requestedText, null, PlanAction.Unsupported, refused);
            return;
        }

        // An adaptive value grown on top of what this rule asks for replaces it while the rule still asks the same.
        string? source = null;
        var overlayNote = string.Empty;
        if (name == SettingNames.RingRx && _rxOverlay is { } grown && grown.Base == requestedText)
        {
            source = PlanRow.AdaptiveSource;
            overlayNote = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"; adaptive: grown from the profile's {requestedText} at {grown.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, {grown.DropsPerSecond:0.##} drops/s");
            requested = ProfileValue.Of(grown.Value);
        }

        var max = reading.Maximum;
        if (max == 0 && !(requested.Kind == ProfileValueKind.Number && requested.Number == 0))
        {
            Unsupported(key, requestedText, $"the device reports a maximum of 0 for {name}: it has no such ring or channel");
            return;
        }

        long target;
        string basis;
        var clamped = false;
        switch (requested.Kind)
        {
            case ProfileValueKind.Max when max is null:
                Unsupported(key, requestedText, "'max' needs the device's maximum and the device reports none");
                return;
            case ProfileValueKind.Max:
                target = max.Value;
                basis = $"max = {target}, the device maximum";
                break;
            case ProfileValueKind.Cpus when _online.IsEmpty:
                Unsupported(key, requestedText, NoOnlineCpus);
                return;
            case ProfileValueKind.Cpus:
                var online = _online.Count;
                target = max is { } limit && limit < online ? limit : online;
                basis = target < online
                    ? $"cpus = {online} online CPUs, limited to the device maximum {target}"
                    : $"cpus = {online} online CPUs";
                break;
            default:
                target = requested.Number;
                basis = source is null ? $"profile sets {target}" : $"the adaptive overlay sets {target}";
                if (max is { } m && target > m)
                {
                    clamped = true;
                    basis = $"requested {target} is above the device maximum {m}; clamped to {m}";
                    target = m;
                }

                break;
        }

        if (DriverRefusal(name, target) is { } refusal)
        {
            Unsupported(key, requestedText, refusal);
            return;
        }

        if (SettingNames.KindOf(name) == SettingKind.Ring && _values.RingSize(target) is var size && size != target)
        {
            // The driver refuses what it cannot hold (virtio_net: ENOMEM), so the plan asks for what it can.
            clamped = true;
            basis += $"; {_nic.Driver} ring sizes are powers of two: clamped to {size}";
            target = size;
        }

        var desired = SettingValues.Number(target);
        if (SettingValues.AreEqual(key, reading.Value, desired))
        {
            Add(key, reading.Value, requestedText, desired, clamped ? PlanAction.Clamped : PlanAction.Unchanged,
                (clamped ? $"already {desired}: {basis}" : $"already {desired} ({basis})") + overlayNote, source);
            return;
        }

        if (_adjustments.Satisfies(key, reading.Value, desired) is { } held)
        {
            Add(key, reading.Value, requestedText, desired, PlanAction.Unchanged,
                $"the driver holds {held} for {desired} ({basis}): adjusted by the driver earlier, accepted while it holds{overlayNote}", source);
            return;
        }

        if (DriverBehaviours.ResetsLink(_nic.Driver, key))
        {
            basis += $"; resets the link: {_behaviour!.Effect}";
        }

        Add(key, reading.Value, requestedText, desired, clamped ? PlanAction.Clamped : PlanAction.Change, basis + overlayNote, source);
    }

    private void Toggle(string name, bool? value)
    {
        if (value is not { } on)
        {
            return;
        }

        var key = Key(name);
        var desired = SettingValues.OnOff(on);
        if (OpsUnavailable(name) is { } unavailable)
        {
            Unsupported(key, desired, unavailable);
            return;
        }

        var reading = _store.Read(key);
        if (!reading.IsSupported)
        {
            Unsupported(key, desired, reading.UnsupportedReason!);
            return;
        }

        if (Refused(key, desired) is { } refused)
        {
            Add(key, reading.Value, desired, null, PlanAction.Unsupported, refused);
            return;
        }

        if (SettingValues.AreEqual(key, reading.Value, desired))
        {
            Add(key, reading.Value, desired, desired, PlanAction.Unchanged, $"already {desired}");
        }
        else
        {
            Add(key, reading.Value, desired, desired, PlanAction.Change, $"profile sets {desired}");
        }
    }

    /// <summary>
    /// A per-queue or per-IRQ setting. A queue that only appears once the planned channel change is made has no
    /// current value: it is written after the change, and undoing the channel change removes it again.
    /// </summary>
    private void Steering(SettingKey key, string requested, string desired, string basis, string? pendingNote)
    {
        if (pendingNote is not null)
        {
            Add(key, null, requested, desired, PlanAction.Change, $"{basis}; {pendingNote}");
            return;
        }

        var reading = _store.Read(key);
        if (!reading.IsSupported)
        {
            Unsupported(key, requested, reading.UnsupportedReason!);
            return;
        }

        if (SettingValues.AreEqual(key, reading.Value, desired))
        {
            Add(key, reading.Value, requested, desired, PlanAction.Unchanged, $"already {basis}");
        }
        else
        {
            Add(key, reading.Value, requested, desired, PlanAction.Change, basis);
        }
    }

    private static string? PendingNote(int queue, int queuesNow, string direction) =>
        queue < queuesNow ? null : $"{direction}-{queue} appears after the channel change";

    private void RpsCpus(CpuSelection selection, QueueLayout layout)
    {
        var requested = selection.ToString();
        var (cpus, basis) = ResolveCpus(selection);
        if (cpus is null)
        {
            Unsupported(Key(SettingNames.RpsCpus(0)), requested, basis);
            return;
        }

        var mask = cpus.ToMask();
        for (var q = 0; q < layout.RxAfter; q++)
        {
            Steering(Key(SettingNames.RpsCpus(q)), requested, mask, basis, PendingNote(q, layout.RxNow, "rx"));
        }
    }

    /// <summary>
    /// The kernel rounds rps_flow_cnt up to a power of two; planning the rounded value makes the readback match and a
    /// second apply a no-op, instead of a change that reads back different and rolls the transaction back.
    /// </summary>
    private void RpsFlowCount(long flowCount, QueueLayout layout)
    {
        var requested = SettingValues.Number(flowCount);
        var rounded = flowCount == 0 ? 0 : (long)BitOperations.RoundUpToPowerOf2((ulong)flowCount);
        var basis = rounded == flowCount
            ? $"profile sets {flowCount} flows"
            : $"profile sets {flowCount} flows; rounded up to {rounded}, as the kernel stores a power of two";
        for (var q = 0; q < layout.RxAfter; q++)
        {
            Steering(Key(SettingNames.RpsFlowCount(q)), requested, SettingValues.Number(rounded), basis, PendingNote(q, layout.RxNow, "rx"));
        }
    }

    private (CpuSet? Cpus, string Basis) ResolveCpus(CpuSelection selection)
    {
        var online = _online;
        if (online.IsEmpty)
        {
            return (null, NoOnlineCpus);
        }

        switch (selection.Kind)
        {
            case CpuSelectionKind.All:
                return (online, $"all online CPUs ({online.ToList()})");
            case CpuSelectionKind.Local:
                if (!CpuSet.TryParseList(_nic.LocalCpus, out var local) || local.IsEmpty)
                {
                    return (online, $"the device reports no local CPUs; all online CPUs ({online.ToList()})");
                }

                var localOnline = local.Intersect(online.Cpus);
                return localOnline.IsEmpty
                    ? (online, $"none of the local CPUs {local.ToList()} is online; all online CPUs ({online.ToList()})")
                    : (localOnline, $"NUMA-local CPUs ({localOnline.ToList()})");
            default:
                if (!CpuSet.TryParseList(selection.List, out var listed) || listed.IsEmpty)
                {
                    return (null, $"'{selection.List}' is not a CPU list");
                }

                var listedOnline = listed.Intersect(online.Cpus);
                if (listedOnline.IsEmpty)
                {
                    return (null, $"none of the CPUs {listed.ToList()} is online");
                }

                return listedOnline.Count == listed.Count
                    ? (listedOnline, $"CPUs {listedOnline.ToList()}")
                    : (listedOnline, $"CPUs {listedOnline.ToList()} (offline CPUs of {listed.ToList()} left out)");
        }
    }

    private void Xps(XpsMode mode, QueueLayout layout)
    {
        var requested = mode == XpsMode.Auto ? "auto" : "off";
        if (layout.TxAfter <= 1)
        {
            // xps_cpus does not exist on a single-queue device (docs/drivers.md §8).
            Unsupported(Key(SettingNames.XpsCpus(0)), requested, "single tx queue: xps_cpus does not exist on a single-queue device");
            return;
        }

        if (mode == XpsMode.Off)
        {
            for (var q = 0; q < layout.TxAfter; q++)
            {
                Steering(Key(SettingNames.XpsCpus(q)), requested, "0", "XPS off", PendingNote(q, layout.TxNow, "tx"));
            }

            return;
        }

        var online = _online.Cpus;
        if (online.Count == 0)
        {
            Unsupported(Key(SettingNames.XpsCpus(0)), requested, NoOnlineCpus);
            return;
        }

        // Every online CPU maps to exactly one tx queue (round-robin); with fewer CPUs than queues the CPUs repeat,
        // so every queue still has a CPU that sends on it.
        var queues = layout.TxAfter;
        for (var q = 0; q < queues; q++)
        {
            var cpus = online.Count >= queues
                ? new CpuSet(online.Where((_, i) => i % queues == q))
                : new CpuSet([online[q % online.Count]]);
            Steering(Key(SettingNames.XpsCpus(q)), requested, cpus.ToMask(), $"CPUs {cpus.ToList()} of {online.Count} spread over {queues} tx queues",
                PendingNote(q, layout.TxNow, "tx"));
        }
    }

    private void IrqAffinity(IrqAffinityMode mode)
    {
        var requested = mode == IrqAffinityMode.Local ? "local" : "spread";
        if (_nic.MsiIrqs.Count == 0)
        {
            Unsupported(Key("irq-affinity"), requested, "the device has no MSI IRQs");
            return;
        }

        if (_host.IrqBalanceRunning)
        {
            foreach (var irq in _nic.MsiIrqs)
            {
                Unsupported(Key(SettingNames.IrqAffinity(irq)), requested, IrqBalanceReason);
            }

            return;
        }

        var (local, basis) = ResolveCpus(CpuSelection.Local);
        if (local is null)
        {
            Unsupported(Key(SettingNames.IrqAffinity(_nic.MsiIrqs[0])), requested, basis);
            return;
        }

        // Spread starts on the NUMA-local CPUs, so the first (busiest) queues' IRQs land next to the device.
        var order = local.Cpus.Concat(_online.Cpus.Except(local.Cpus)).ToList();
        for (var i = 0; i < _nic.MsiIrqs.Count; i++)
        {
            var irq = _nic.MsiIrqs[i];
            var cpus = mode == IrqAffinityMode.Local ? local : new CpuSet([order[i % order.Count]]);
            var reason = mode == IrqAffinityMode.Local ? basis : $"IRQ {i + 1} of {_nic.MsiIrqs.Count} on CPU {cpus.ToList()}";
            Steering(Key(SettingNames.IrqAffinity(irq)), requested, cpus.ToList(), reason, null);
        }
    }
}

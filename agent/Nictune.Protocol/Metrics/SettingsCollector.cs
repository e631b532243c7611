using Nictune.Core.Planning;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// <c>settings</c>: what tuning sets, as gauges of the current value next to the driver's maximum: rings, channels,
/// interrupt coalescing, and the profile's sysctls that hold one integer. The ring and channel ioctls return the
/// maximum together with the current value, so reading both costs nothing more.
/// </summary>
internal sealed class SettingsCollector : IMetricsCollector
{
    private const double MicrosecondsPerSecond = 1_000_000;

    private readonly INicStatisticsSource _source;
    private readonly Func<TuningSnapshot> _tuning;
    private readonly GaugeFamily _rxRing, _rxRingMax, _txRing, _txRingMax;
    private readonly GaugeFamily _combined, _combinedMax, _rxChannels, _rxChannelsMax, _txChannels, _txChannelsMax;
    private readonly GaugeFamily _rxCoalesce, _rxCoalesceMode, _txCoalesce, _adaptiveRx, _sysctl;

    public SettingsCollector(INicStatisticsSource source, Func<TuningSnapshot> tuning, SeriesRegistry registry)
    {
        _source = source;
        _tuning = tuning;
        _rxRing = Device(registry, "nictune_rx_ring_entries", "Receive ring size now, in descriptors (ethtool -g RX).");
        _rxRingMax = Device(registry, "nictune_rx_ring_max_entries", "The largest receive ring the driver accepts.");
        _txRing = Device(registry, "nictune_tx_ring_entries", "Transmit ring size now, in descriptors (ethtool -g TX).");
        _txRingMax = Device(registry, "nictune_tx_ring_max_entries", "The largest transmit ring the driver accepts.");
        _combined = Device(registry, "nictune_combined_channels", "Combined (rx+tx) channels now (ethtool -l).");
        _combinedMax = Device(registry, "nictune_combined_channels_max", "The most combined channels the driver accepts.");
        _rxChannels = Device(registry, "nictune_rx_channels", "Receive-only channels now.");
        _rxChannelsMax = Device(registry, "nictune_rx_channels_max", "The most receive-only channels the driver accepts.");
        _txChannels = Device(registry, "nictune_tx_channels", "Transmit-only channels now.");
        _txChannelsMax = Device(registry, "nictune_tx_channels_max", "The most transmit-only channels the driver accepts.");
        _rxCoalesce = Device(registry, "nictune_rx_coalesce_seconds", "Receive interrupt coalescing delay (ethtool -c rx-usecs), in seconds.");
        _rxCoalesceMode = registry.Gauge("nictune_rx_coalesce_mode",
            "1 for the interrupt-throttling mode that ethtool -c rx-usecs selects on drivers where small values are modes, not delays (e1000, e1000e: 0 off, 1 dynamic, 3 dynamic conservative, 4 simplified dynamic).",
            MetricLabels.Device, MetricLabels.Mode);
        _txCoalesce = Device(registry, "nictune_tx_coalesce_seconds", "Transmit interrupt coalescing delay (ethtool -c tx-usecs), in seconds.");
        _adaptiveRx = Device(registry, "nictune_rx_coalesce_adaptive", "1 when adaptive receive coalescing is on.");
        _sysctl = registry.Gauge("nictune_sysctl_value", "A sysctl the active profile manages, when its value is one integer.", MetricLabels.Sysctl);
    }

    public string Name => "settings";

    private IEnumerable<ISeriesFamily> DeviceFamilies =>
        [_rxRing, _rxRingMax, _txRing, _txRingMax, _combined, _combinedMax, _rxChannels, _rxChannelsMax, _txChannels, _txChannelsMax, _rxCoalesce, _rxCoalesceMode, _txCoalesce, _adaptiveRx];

    public void Collect(ScrapeContext context)
    {
        foreach (var facts in context.DevicesKnown ? context.Devices : [])
        {
            var s = _source.ReadSettings(facts.Device);
            var device = facts.Device;
            Set(_rxRing, s.RxRing, device);
            Set(_rxRingMax, s.RxRingMax, device);
            Set(_txRing, s.TxRing, device);
            Set(_txRingMax, s.TxRingMax, device);
            Set(_combined, s.CombinedChannels, device);
            Set(_combinedMax, s.CombinedChannelsMax, device);
            Set(_rxChannels, s.RxChannels, device);
            Set(_rxChannelsMax, s.RxChannelsMax, device);
            Set(_txChannels, s.TxChannels, device);
            Set(_txChannelsMax, s.TxChannelsMax, device);
            // On e1000/e1000e rx-usecs 0-4 select a throttling mode (docs/drivers.md §4): 3 is not 3 µs.
            if (s.RxCoalesceUsecs is { } rx && DriverBehaviours.ValuesOf(facts.Driver).RxUsecs?.ModeOf(rx) is { } mode)
            {
                _rxCoalesceMode.Set(1, device, mode);
            }
            else if (s.RxCoalesceUsecs is { } usecs)
            {
                _rxCoalesce.Set(usecs / MicrosecondsPerSecond, device);
            }

            if (s.TxCoalesceUsecs is { } tx)
            {
                _txCoalesce.Set(tx / MicrosecondsPerSecond, device);
            }

            if (s.AdaptiveRx is { } adaptive)
            {
                _adaptiveRx.Set(adaptive ? 1 : 0, device);
            }
        }

        foreach (var key in _tuning().ManagedSysctls)
        {
            if (_source.ReadSysctl(key) is { } value)
            {
                _sysctl.Set(value, key);
            }
        }

        _sysctl.Sweep();
        if (context.DevicesKnown)
        {
            foreach (var family in DeviceFamilies)
            {
                family.Sweep();
            }
        }
    }

    private static GaugeFamily Device(SeriesRegistry registry, string name, string help) => registry.Gauge(name, help, MetricLabels.Device);

    private static void Set(GaugeFamily family, uint? value, string device)
    {
        if (value is { } v)
        {
            family.Set(v, device);
        }
    }
}

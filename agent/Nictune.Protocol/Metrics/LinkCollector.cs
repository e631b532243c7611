using Nictune.Core.Model;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// <c>links</c>: one RTM_GETLINK dump per scrape gives every interface's counters (IFLA_STATS64) and transmit queue
/// length; the device facts behind <c>nictune_device_info</c> come from the source's cache. An interface whose
/// ifindex changed under the same name was deleted and re-created: all its series are dropped first, so its counters
/// start again from the new interface's values.
/// </summary>
internal sealed class LinkCollector : IMetricsCollector
{
    private static readonly string[] DeviceLabels = [MetricLabels.Device];

    private readonly INicStatisticsSource _source;
    private readonly SeriesRegistry _registry;
    private readonly Dictionary<string, int> _ifIndexes = new(StringComparer.Ordinal);
    private readonly GaugeFamily _info;
    private readonly GaugeFamily _txQueueLength;
    private readonly KernelCounter _rxBytes, _rxPackets, _rxErrors, _rxDropped, _rxMissed, _rxFifo, _rxOver;
    private readonly KernelCounter _txBytes, _txPackets, _txErrors, _txDropped;

    public LinkCollector(INicStatisticsSource source, SeriesRegistry registry)
    {
        _source = source;
        _registry = registry;
        _info = registry.Gauge(
            "nictune_device_info",
            "Facts about a network interface, 1 per interface; join on device. Read at discovery and on link changes.",
            MetricLabels.Device, "driver", "class", "hypervisor", "pci_address", "pci_id", "driver_version", "firmware_version", "failover");
        _txQueueLength = registry.Gauge("nictune_transmit_queue_length", "The interface's transmit queue length (txqueuelen), in packets.", DeviceLabels);
        _rxBytes = Counter(registry, "nictune_receive_bytes_total", "Bytes received (IFLA_STATS64 rx_bytes).");
        _rxPackets = Counter(registry, "nictune_receive_packets_total", "Packets received (rx_packets).");
        _rxErrors = Counter(registry, "nictune_receive_errors_total", "Receive errors, all causes (rx_errors).");
        _rxDropped = Counter(registry, "nictune_receive_dropped_total", "Received packets dropped by the kernel or driver (rx_dropped); missed, FIFO and over errors are separate families.");
        _rxMissed = Counter(registry, "nictune_receive_missed_errors_total", "Packets the NIC missed for lack of host buffers (rx_missed_errors): the ring was full.");
        _rxFifo = Counter(registry, "nictune_receive_fifo_errors_total", "Receive FIFO overruns (rx_fifo_errors).");
        _rxOver = Counter(registry, "nictune_receive_over_errors_total", "Receive ring buffer overflows (rx_over_errors).");
        _txBytes = Counter(registry, "nictune_transmit_bytes_total", "Bytes sent (tx_bytes).");
        _txPackets = Counter(registry, "nictune_transmit_packets_total", "Packets sent (tx_packets).");
        _txErrors = Counter(registry, "nictune_transmit_errors_total", "Transmit errors (tx_errors).");
        _txDropped = Counter(registry, "nictune_transmit_dropped_total", "Packets to send that were dropped (tx_dropped).");
    }

    public string Name => "links";

    public void Collect(ScrapeContext context)
    {
        var links = _source.ReadLinks();
        context.Links = links;
        foreach (var link in links)
        {
            if (_ifIndexes.TryGetValue(link.Name, out var known) && known != link.IfIndex)
            {
                _registry.ForgetDevice(link.Name);
            }

            _ifIndexes[link.Name] = link.IfIndex;
            if (link.TxQueueLength is { } txqlen)
            {
                _txQueueLength.Set(txqlen, link.Name);
            }

            if (link.Counters is { } c)
            {
                Write(link.Name, c);
            }
        }

        foreach (var gone in _ifIndexes.Keys.Where(name => links.All(l => l.Name != name)).ToList())
        {
            _ifIndexes.Remove(gone);
        }

        _registry.KeepDevices(links.Select(l => l.Name).ToHashSet(StringComparer.Ordinal));

        context.Devices = _source.Devices(links);
        context.DevicesKnown = true;
        foreach (var facts in context.Devices)
        {
            _info.Set(1, facts.Device, facts.Driver, facts.Class, facts.Hypervisor, facts.PciAddress, facts.PciId, facts.DriverVersion, facts.FirmwareVersion, facts.Failover);
        }

        foreach (var family in new ISeriesFamily[] { _info, _txQueueLength, _rxBytes, _rxPackets, _rxErrors, _rxDropped, _rxMissed, _rxFifo, _rxOver, _txBytes, _txPackets, _txErrors, _txDropped })
        {
            family.Sweep();
        }
    }

    private static KernelCounter Counter(SeriesRegistry registry, string name, string help) => registry.Counter(name, help, DeviceLabels);

    private void Write(string device, LinkCounters c)
    {
        _rxBytes.Set(c.RxBytes, device);
        _rxPackets.Set(c.RxPackets, device);
        _rxErrors.Set(c.RxErrors, device);
        _rxDropped.Set(c.RxDropped, device);
        _rxMissed.Set(c.RxMissedErrors, device);
        _rxFifo.Set(c.RxFifoErrors, device);
        _rxOver.Set(c.RxOverErrors, device);
        _txBytes.Set(c.TxBytes, device);
        _txPackets.Set(c.TxPackets, device);
        _txErrors.Set(c.TxErrors, device);
        _txDropped.Set(c.TxDropped, device);
    }
}

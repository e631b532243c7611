using Nictune.Core;
using System.Globalization;
using Nictune.Core.Model;
using Nictune.Core.Tuning;
using Nictune.Host.Output;
using Nictune.Host.Tuning;
using Nictune.Linux.Ethtool;
using Nictune.Linux.IO;
using Nictune.Linux.Netlink;
using Nictune.Linux.Procfs;
using Nictune.Linux.Statistics;
using Nictune.Linux.Sysctl;
using Nictune.Core.Statistics;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Metrics;

/// <summary>
/// The metrics' kernel reads on the live system. Per scrape: one rtnetlink dump, one GSTATS ioctl per interface whose
/// driver the statistics map knows (through the Linux-side <see cref="EthtoolStatisticsReader"/>), the ring/channel/coalesce ioctls the driver supports, softnet_stat, and the
/// profile's sysctls. Static facts (discovery through sysfs and GDRVINFO, the statistics' names, which ethtool
/// operations a driver lacks) are read when the set of interfaces changes, never per scrape. The netlink and ethtool
/// sockets are opened at the first scrape (an agent nobody scrapes never opens them; start-up does not wait for them)
/// and reused; both belong to the network namespace the agent runs in.
/// </summary>
internal sealed class LinuxNicStatisticsSource : INicStatisticsSource, IDisposable
{
    private readonly SystemRoot _root;
    private readonly Lazy<LinkStatisticsReader> _links = new(LinkStatisticsReader.Open);
    private readonly Lazy<EthtoolClient> _ethtool = new(() => new EthtoolClient());
    private readonly SoftnetStatReader _softnet;
    private readonly EthtoolStatisticsReader _driverStatistics;
    private readonly Dictionary<string, Unsupported> _unsupported = new(StringComparer.Ordinal);
    private IReadOnlyList<DeviceFacts> _devices = [];
    private string? _discoveredFor;

    public LinuxNicStatisticsSource(SystemRoot root)
    {
        _root = root;
        _softnet = new SoftnetStatReader(root);
        _driverStatistics = new EthtoolStatisticsReader(() => _ethtool.Value);
    }

    [Flags]
    private enum Unsupported
    {
        None = 0,
        Ring = 1,
        Channels = 2,
        Coalesce = 4,
    }

    public IReadOnlyList<LinkStatistics> ReadLinks() => _links.Value.Dump();

    public IReadOnlyList<DeviceFacts> Devices(IReadOnlyList<LinkStatistics> links)
    {
        // The identity of the interface set: a link added, removed, renamed or re-created changes it.
        var identity = string.Join(',', links.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.IfIndex}={l.Name}")));
        if (identity != _discoveredFor)
        {
            var inventory = TuningRuntime.Discover(_root, _ethtool.Value);
            _devices = [.. inventory.Interfaces.Select(nic => Facts(nic, inventory.Hypervisor))];
            _driverStatistics.Forget();
            _unsupported.Clear();
            _discoveredFor = identity;
        }

        return _devices;
    }

    public DriverStatisticsSample? ReadDriverStatistics(string device) => _driverStatistics.ReadDriverStatistics(device);

    public DeviceSettingsSample ReadSettings(string device)
    {
        var unsupported = _unsupported.GetValueOrDefault(device);
        var sample = new DeviceSettingsSample();
        try
        {
            if (!unsupported.HasFlag(Unsupported.Ring) && Try(device, Unsupported.Ring, _ethtool.Value.GetRingParameters) is { } ring)
            {
                sample = sample with
                {
                    RxRing = ring.RxMax > 0 ? ring.Rx : null,
                    RxRingMax = ring.RxMax > 0 ? ring.RxMax : null,
                    TxRing = ring.TxMax > 0 ? ring.Tx : null,
                    TxRingMax = ring.TxMax > 0 ? ring.TxMax : null,
                };
            }

            if (!unsupported.HasFlag(Unsupported.Channels) && Try(device, Unsupported.Channels, _ethtool.Value.GetChannels) is { } channels)
            {
                sample = sample with
                {
                    CombinedChannels = channels.MaxCombined > 0 ? channels.Combined : null,
                    CombinedChannelsMax = channels.MaxCombined > 0 ? channels.MaxCombined : null,
                    RxChannels = channels.MaxRx > 0 ? channels.Rx : null,
                    RxChannelsMax = channels.MaxRx > 0 ? channels.MaxRx : null,
                    TxChannels = channels.MaxTx > 0 ? channels.Tx : null,
                    TxChannelsMax = channels.MaxTx > 0 ? channels.MaxTx : null,
                };
            }

            if (!unsupported.HasFlag(Unsupported.Coalesce) && Try(device, Unsupported.Coalesce, _ethtool.Value.GetCoalesce) is { } coalesce)
            {
                sample = sample with { RxCoalesceUsecs = coalesce.RxUsecs, TxCoalesceUsecs = coalesce.TxUsecs, AdaptiveRx = coalesce.AdaptiveRx };
            }

            return sample;
        }
        catch (EthtoolException e) when (e.Errno == Errnos.ENODEV)
        {
            return DeviceSettingsSample.None;
        }
    }

    public IReadOnlyList<SoftnetStat> ReadSoftnet() => _softnet.Read();

    public long? ReadSysctl(string key) => SysctlPath.TryMap(key, out var path) ? _root.ReadInt64(path) : null;

    public void Dispose()
    {
        if (_links.IsValueCreated)
        {
            _links.Value.Dispose();
        }

        if (_ethtool.IsValueCreated)
        {
            _ethtool.Value.Dispose();
        }
    }

    private static DeviceFacts Facts(NetInterface nic, Hypervisor hypervisor) => new(
        nic.IfIndex ?? 0,
        nic.Name,
        nic.Driver ?? string.Empty,
        Names.Of(nic.Class),
        Names.Of(hypervisor),
        nic.Pci?.Address ?? string.Empty,
        nic.Pci is { } pci ? $"{pci.Vendor}:{pci.Device}" : string.Empty,
        nic.DriverVersion ?? string.Empty,
        nic.Firmware ?? string.Empty,
        nic.Failover is { } role ? Names.Of(role) : string.Empty);

    /// <summary>The reading, or null after remembering that the driver lacks the operation (EOPNOTSUPP).</summary>
    private T? Try<T>(string device, Unsupported operation, Func<string, T> read)
        where T : class
    {
        try
        {
            return read(device);
        }
        catch (EthtoolException e) when (e.IsUnsupported)
        {
            _unsupported[device] = _unsupported.GetValueOrDefault(device) | operation;
            return null;
        }
    }
}

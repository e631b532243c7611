using Nictune.Core.Model;
using Nictune.Core.Statistics;
using Nictune.Protocol.Metrics;

namespace Nictune.Tests.Metrics;

/// <summary>An in-memory kernel for the collectors: links, driver statistics, settings, softnet and sysctls the test sets.</summary>
internal sealed class FakeNicStatistics : INicStatisticsSource
{
    private int _linkReads;

    public List<LinkStatistics> Links { get; } = [];

    public Dictionary<string, DeviceFacts> Facts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DriverStatisticsSample> DriverStatistics { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DeviceSettingsSample> Settings { get; } = new(StringComparer.Ordinal);

    public List<SoftnetStat> Softnet { get; } = [];

    public Dictionary<string, long> Sysctls { get; } = new(StringComparer.Ordinal);

    /// <summary>Held open by a test to keep a collection in flight.</summary>
    public ManualResetEventSlim Gate { get; } = new(initialState: true);

    public int LinkReads => Volatile.Read(ref _linkReads);

    public Exception? SoftnetFailure { get; set; }

    public Exception? LinkFailure { get; set; }

    public void AddLink(int ifIndex, string name, string driver = "veth", ulong rxPackets = 0, uint txQueueLength = 1000)
    {
        Links.RemoveAll(l => l.Name == name);
        Links.Add(new LinkStatistics(ifIndex, name, txQueueLength, Counters(rxPackets)));
        Facts[name] = new DeviceFacts(ifIndex, name, driver, "software", "kvm", string.Empty, string.Empty, "1.0", string.Empty, string.Empty);
    }

    public void SetRxPackets(string name, ulong rxPackets)
    {
        var index = Links.FindIndex(l => l.Name == name);
        Links[index] = Links[index] with { Counters = Counters(rxPackets) };
    }

    public void RemoveLink(string name)
    {
        Links.RemoveAll(l => l.Name == name);
        Facts.Remove(name);
    }

    public IReadOnlyList<LinkStatistics> ReadLinks()
    {
        Interlocked.Increment(ref _linkReads);
        Gate.Wait(TimeSpan.FromSeconds(30));
        return LinkFailure is { } failure ? throw failure : [.. Links];
    }

    public IReadOnlyList<DeviceFacts> Devices(IReadOnlyList<LinkStatistics> links) => [.. links.Select(l => Facts[l.Name])];

    public DriverStatisticsSample? ReadDriverStatistics(string device) => DriverStatistics.GetValueOrDefault(device);

    public DeviceSettingsSample ReadSettings(string device) => Settings.GetValueOrDefault(device) ?? DeviceSettingsSample.None;

    public IReadOnlyList<SoftnetStat> ReadSoftnet() => SoftnetFailure is { } failure ? throw failure : [.. Softnet];

    public long? ReadSysctl(string key) => Sysctls.TryGetValue(key, out var value) ? value : null;

    private static LinkCounters Counters(ulong rxPackets) => new(rxPackets * 100, rxPackets, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

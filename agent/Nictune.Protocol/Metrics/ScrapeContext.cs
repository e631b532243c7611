using Nictune.Core.Model;

namespace Nictune.Protocol.Metrics;

/// <summary>What the first collector of a scrape read, for the others: the link dump and the interfaces' facts.</summary>
internal sealed class ScrapeContext
{
    public IReadOnlyList<LinkStatistics> Links { get; set; } = [];

    public IReadOnlyList<DeviceFacts> Devices { get; set; } = [];

    /// <summary>
    /// False when the links collector failed this scrape: the device list is unknown (not empty), so collectors
    /// that go through it keep their last values instead of removing every device's series.
    /// </summary>
    public bool DevicesKnown { get; set; }
}

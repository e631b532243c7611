using System.Net;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>The validated <c>metrics:</c> section.</summary>
/// <param name="Listen">Where to serve /metrics; empty when it is off.</param>
public sealed record MetricsSettings(IReadOnlyList<IPEndPoint> Listen, bool PerQueue)
{
    /// <summary>
    /// nictune's port. Prometheus's exporter range (9100-9999, on its "Default port allocations" wiki page) is fully
    /// allocated; 10910 is on none of the page's lists, and below Linux's ephemeral range (32768-60999), so an outgoing
    /// connection never takes it. docs/metrics.md says the same.
    /// </summary>
    public const int DefaultPort = 10910;

    public static readonly MetricsSettings Default = new([new IPEndPoint(IPAddress.Any, DefaultPort)], PerQueue: false);

    public bool Enabled => Listen.Count > 0;
}

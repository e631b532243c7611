using Nictune.Host.Daemon.Configuration;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Daemon.Web;

/// <summary>What the web server needs to serve /metrics: registered by <c>AddNictuneMetrics</c> when metrics are on.</summary>
internal sealed record MetricsHosting(MetricsSettings Settings, MetricsEndpoint Endpoint)
{
    public string Addresses => string.Join(", ", Settings.Listen);
}

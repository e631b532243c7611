using Nictune.Host.Daemon.Configuration;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Daemon.Web;

/// <summary>
/// What the web server needs to serve /metrics: registered by <c>AddNictuneMetrics</c> when metrics are on. The
/// listeners' settings are needed before the boot tune (the sockets are bound then); the endpoint, and with it the
/// metrics registry and its collectors, only when the web application is built, after it (off READY=1's path).
/// </summary>
internal sealed record MetricsHosting(MetricsSettings Settings, Lazy<MetricsEndpoint> Endpoint)
{
    public string Addresses => string.Join(", ", Settings.Listen);
}

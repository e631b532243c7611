using Microsoft.Extensions.DependencyInjection;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Web;
using Nictune.Host.Daemon.Status;
using Nictune.Linux.IO;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Metrics;

/// <summary>Adds the Prometheus metrics to the daemon: the collectors over the live system and the /metrics listener.</summary>
internal static class MetricsComposition
{
    /// <summary>
    /// When <c>metrics.listen</c> is not empty: <see cref="NictuneMetrics"/> over the live system, fed by the daemon's
    /// status board (at scrape time) and event stream (as events happen), its API call counters, and what the web
    /// server needs to serve it.
    /// The event bridge is registered here, before the daemon's own services, so it subscribes before the boot tune.
    /// </summary>
    public static IServiceCollection AddNictuneMetrics(this IServiceCollection services, MetricsSettings settings)
    {
        if (!settings.Enabled)
        {
            return services;
        }

        services.AddSingleton(settings);
        services.AddSingleton<INicStatisticsSource>(_ => new LinuxNicStatisticsSource(SystemRoot.Live));
        services.AddSingleton(provider => new TuningSnapshotSource(provider.GetRequiredService<AgentStatusBoard>()));
        services.AddSingleton(provider =>
        {
            var snapshot = provider.GetRequiredService<TuningSnapshotSource>();
            return new NictuneMetrics(provider.GetRequiredService<INicStatisticsSource>(), snapshot.Current, new MetricsOptions(settings.PerQueue, AgentVersion.Current));
        });
        services.AddSingleton(provider => provider.GetRequiredService<NictuneMetrics>().Tuning);
        services.AddSingleton(provider => provider.GetRequiredService<NictuneMetrics>().ApiCalls);
        // Served by the daemon's one web server (Daemon/Web/DaemonWebServer), beside the API.
        services.AddSingleton(provider => new MetricsHosting(settings, new MetricsEndpoint(provider.GetRequiredService<NictuneMetrics>())));
        services.AddHostedService<MetricsEventBridge>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Events;
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
    /// server needs to serve it. Nothing of it is built before the boot tune is done (or has had
    /// <see cref="DaemonWebServer.BootTuneHeadStart"/>): the web server's build and the event bridge ask for it then.
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
        services.AddSingleton(provider => new MetricsHosting(settings, new Lazy<MetricsEndpoint>(() => new MetricsEndpoint(provider.GetRequiredService<NictuneMetrics>()))));
        services.AddHostedService(provider => new MetricsEventBridge(
            provider.GetRequiredService<AgentEventFeed>(),
            provider.GetRequiredService<AgentStatusBoard>(),
            () => provider.GetRequiredService<TuningMetrics>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<MetricsEventBridge>()));
        return services;
    }
}

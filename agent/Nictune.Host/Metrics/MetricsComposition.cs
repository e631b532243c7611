using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Nictune.Host.Daemon.Configuration;
using Nictune.Linux.IO;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Metrics;

/// <summary>Adds the Prometheus metrics to the daemon: the collectors over the live system and the /metrics listener.</summary>
internal static class MetricsComposition
{
    /// <summary>
    /// Registers <see cref="TuningStatus"/> always (the tuner publishes to it), and when <c>metrics.listen</c> is not
    /// empty, <see cref="NictuneMetrics"/>, its <see cref="TuningMetrics"/> and the listener.
    /// </summary>
    public static IServiceCollection AddNictuneMetrics(this IServiceCollection services, MetricsSettings settings)
    {
        services.AddSingleton<TuningStatus>();
        if (!settings.Enabled)
        {
            return services;
        }

        services.AddSingleton(settings);
        services.AddSingleton<INicStatisticsSource>(_ => new LinuxNicStatisticsSource(SystemRoot.Live));
        services.AddSingleton(provider =>
        {
            var status = provider.GetRequiredService<TuningStatus>();
            return new NictuneMetrics(provider.GetRequiredService<INicStatisticsSource>(), () => status.Current, new MetricsOptions(settings.PerQueue, Version));
        });
        services.AddSingleton(provider => provider.GetRequiredService<NictuneMetrics>().Tuning);
        services.AddSingleton(provider => provider.GetRequiredService<NictuneMetrics>().ApiCalls);
        services.AddSingleton(provider => new MetricsEndpoint(provider.GetRequiredService<NictuneMetrics>()));
        services.AddHostedService<MetricsServer>();
        return services;
    }

    /// <summary>The informational version the build stamps (without a source revision suffix).</summary>
    private static string Version =>
        typeof(MetricsComposition).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}

using Prometheus;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// The agent's Prometheus metrics: a registry of its own (so none of prometheus-net's default EventCounter or Meter
/// adapters, whose names promtool rejects), prometheus-net's process_* and dotnet_* families, and nictune's
/// collectors. The host feeds it through <see cref="INicStatisticsSource"/>, the tuning snapshot and <see cref="Tuning"/>.
/// </summary>
public sealed class NictuneMetrics
{
    private readonly ScrapeCoordinator _coordinator;

    public NictuneMetrics(INicStatisticsSource source, Func<TuningSnapshot> tuning, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(tuning);
        ArgumentNullException.ThrowIfNull(options);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        DotNetStats.Register(Registry);
        factory.CreateGauge("nictune_build_info", "The running nictune's version; 1.", ["version"]).WithLabels(options.Version).Set(1);
        var series = new SeriesRegistry(factory);
        Tuning = new TuningMetrics(factory, series);
        ApiCalls = new ApiCallMetrics(factory);

        _coordinator = new ScrapeCoordinator(
            [
                new LinkCollector(source, series),
                new DriverStatisticsCollector(source, series, options.PerQueue),
                new SettingsCollector(source, tuning, series),
                new SoftnetCollector(source, series),
                new TuningStateCollector(tuning, series),
            ],
            factory);
        Registry.AddBeforeCollectCallback(_ => _coordinator.CollectAsync());
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Where the daemon reports tuning events.</summary>
    public TuningMetrics Tuning { get; }

    /// <summary>Where the gRPC API counts its calls (<see cref="ApiCallMetricsInterceptor"/>).</summary>
    public ApiCallMetrics ApiCalls { get; }

    /// <summary>Collections run so far (concurrent scrapes share one).</summary>
    public int Collections => _coordinator.Collections;

    /// <summary>Scrapes that asked for a collection so far, whether they started one or joined one.</summary>
    public int CollectionRequests => _coordinator.Requests;
}

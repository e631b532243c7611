namespace Nictune.Protocol.Metrics;

/// <summary><c>tuning</c>: the daemon's state at scrape time: the active profile and which managed settings drifted.</summary>
internal sealed class TuningStateCollector(Func<TuningSnapshot> snapshot, SeriesRegistry registry) : IMetricsCollector
{
    private readonly GaugeFamily _profile = registry.Gauge(
        "nictune_profile_info", "The active profile, where it came from (auto, config, pushed, applied) and the pushed profile's generation; 1.", "profile", "source", "generation");

    private readonly GaugeFamily _drifted = registry.Gauge(
        "nictune_drifted", "1 while a managed setting differs from the profile; the series goes when it matches again.", MetricLabels.Device, MetricLabels.Setting);

    public string Name => "tuning";

    public void Collect(ScrapeContext context)
    {
        var state = snapshot();
        if (state.Profile is { } profile)
        {
            _profile.Set(1, profile, state.Source ?? string.Empty, state.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var drifted in state.Drifted)
        {
            _drifted.Set(1, drifted.Device, drifted.Setting);
        }

        _profile.Sweep();
        _drifted.Sweep();
    }
}

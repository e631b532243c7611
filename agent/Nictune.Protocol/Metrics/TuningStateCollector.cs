namespace Nictune.Protocol.Metrics;

/// <summary><c>tuning</c>: the daemon's state at scrape time: the active profile and which managed settings drifted.</summary>
internal sealed class TuningStateCollector(Func<TuningSnapshot> snapshot, SeriesRegistry registry) : IMetricsCollector
{
    private readonly GaugeFamily _profile = registry.Gauge(
        "nictune_profile_info", "The active profile, where it came from (auto, config, pushed, applied; profile \"\" and source none while nothing is enforced) and the pushed profile's generation; 1.", "profile", "source", "generation");

    private readonly GaugeFamily _drifted = registry.Gauge(
        "nictune_drifted", "1 while a managed setting differs from the profile; the series goes when it matches again.", MetricLabels.Device, MetricLabels.Setting);

    private readonly GaugeFamily _condition = registry.Gauge(
        "nictune_condition", "1 while the agent's condition of this type (Applied, Degraded, Drifted) holds, else 0; docs/fleet.md defines each.", "type");

    private readonly GaugeFamily _adaptive = registry.Gauge(
        "nictune_adaptive_rx_ring_entries", "The rx ring size adaptive rings grew an interface to and keeps over the profile's value (the overlay; docs/adaptive.md); absent when none.", MetricLabels.Device);

    private readonly GaugeFamily _last = registry.Gauge(
        "nictune_last_transaction_info", "The verb and result of the last transaction since the agent started; 1.", "verb", "result");

    public string Name => "tuning";

    public void Collect(ScrapeContext context)
    {
        var state = snapshot();
        var generation = state.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Always one series, so that the fleet's generation spread still counts an agent that enforces nothing (after
        // a rollback through the agent, the baseline or the previous state): profile "" and its source ("none").
        _profile.Set(1, state.Profile ?? string.Empty, state.Source ?? string.Empty, generation);
        if (state.Profile is { } profile && state.AdaptiveRings.Count > 0)
        {
            // A second series while adaptive values are kept on top of the profile: the profile is not all that is enforced.
            _profile.Set(1, profile, "adaptive", generation);
        }

        foreach (var (device, entries) in state.AdaptiveRings)
        {
            _adaptive.Set(entries, device);
        }

        foreach (var drifted in state.Drifted)
        {
            _drifted.Set(1, drifted.Device ?? string.Empty, drifted.Setting);
        }

        foreach (var (type, holds) in state.Conditions ?? [])
        {
            _condition.Set(holds ? 1 : 0, type);
        }

        if (state.LastTransaction is { } last)
        {
            _last.Set(1, last.Verb, last.Result);
        }

        _profile.Sweep();
        _adaptive.Sweep();
        _condition.Sweep();
        _last.Sweep();
        _drifted.Sweep();
    }
}

using System.Diagnostics;
using Prometheus;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// Runs the collectors before each exposition, in order, timing each and counting its failures. Scrapes that arrive
/// while a collection is running wait for that one and share its result: two Prometheus servers scraping together
/// cost one set of kernel reads.
/// </summary>
internal sealed class ScrapeCoordinator
{
    private readonly IReadOnlyList<IMetricsCollector> _collectors;
    private readonly Gauge _duration;
    private readonly Gauge _success;
    private readonly Counter _errors;
    private readonly Lock _gate = new();
    private Task? _running;
    private int _collections;
    private int _requests;

    public ScrapeCoordinator(IReadOnlyList<IMetricsCollector> collectors, IMetricFactory factory)
    {
        _collectors = collectors;
        _duration = factory.CreateGauge("nictune_scrape_collector_duration_seconds", "How long each collector took in the last collection.", [MetricLabels.Collector]);
        _success = factory.CreateGauge("nictune_scrape_collector_success", "1 when the collector's last collection succeeded, 0 when it failed.", [MetricLabels.Collector]);
        _errors = factory.CreateCounter("nictune_scrape_collector_errors_total", "Collections in which the collector failed; its families keep their last values.", [MetricLabels.Collector]);
        foreach (var collector in collectors)
        {
            _errors.WithLabels(collector.Name);
        }
    }

    /// <summary>How many collections have run (concurrent scrapes that shared one count once).</summary>
    public int Collections => Volatile.Read(ref _collections);

    /// <summary>How many scrapes have asked for a collection, whether they started one or joined one.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Joins the collection in flight, or starts one.</summary>
    public Task CollectAsync()
    {
        lock (_gate)
        {
            _requests++;
            if (_running is not { IsCompleted: false })
            {
                _running = Task.Run(CollectAll);
            }

            return _running;
        }
    }

    private void CollectAll()
    {
        Interlocked.Increment(ref _collections);
        var context = new ScrapeContext();
        foreach (var collector in _collectors)
        {
            var clock = Stopwatch.StartNew();
            var ok = true;
            try
            {
                collector.Collect(context);
            }
#pragma warning disable CA1031 // One failing collector must not fail the scrape: the others' families are still right.
            catch (Exception)
#pragma warning restore CA1031
            {
                ok = false;
                _errors.WithLabels(collector.Name).Inc();
            }

            _duration.WithLabels(collector.Name).Set(clock.Elapsed.TotalSeconds);
            _success.WithLabels(collector.Name).Set(ok ? 1 : 0);
        }
    }
}

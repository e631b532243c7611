namespace Nictune.Protocol.Metrics;

/// <summary>One part of a scrape, timed and counted on its own (<c>nictune_scrape_collector_*{collector}</c>).</summary>
internal interface IMetricsCollector
{
    /// <summary>The <c>collector</c> label.</summary>
    string Name { get; }

    /// <summary>Reads and updates the collector's families. An exception counts as this collector's error.</summary>
    void Collect(ScrapeContext context);
}

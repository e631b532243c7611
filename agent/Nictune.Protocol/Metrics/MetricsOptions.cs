namespace Nictune.Protocol.Metrics;

/// <summary>The metrics settings of agent.yaml's <c>metrics:</c> section that shape the exposition.</summary>
/// <param name="PerQueue">Also export the driver counters per queue (<c>nictune_queue_*</c>); cardinality grows with queues.</param>
/// <param name="Version">The <c>version</c> label of <c>nictune_build_info</c>.</param>
public sealed record MetricsOptions(bool PerQueue, string Version);

using Microsoft.AspNetCore.Http;
using Prometheus;

namespace Nictune.Bench.Floor;

/// <summary>
/// /metrics as nictune serves it (agent/Nictune.Protocol/Metrics: NictuneMetrics, MetricsEndpoint): a registry of its
/// own with prometheus-net's process_* and dotnet_* families and one gauge, rendered into memory, then sent.
/// </summary>
internal sealed class FloorMetrics
{
    public const string Path = "/metrics";

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    public FloorMetrics()
    {
        DotNetStats.Register(_registry);
        Metrics.WithCustomRegistry(_registry).CreateGauge("floor_build_info", "The floor peer; 1.").Set(1);
    }

    public async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(body, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        context.Response.ContentLength = body.Length;
        body.Position = 0;
        await body.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}

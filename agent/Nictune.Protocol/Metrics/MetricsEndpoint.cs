using Microsoft.AspNetCore.Http;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// <c>GET /metrics</c>: the whole body is rendered into memory first, so a collection that fails part-way gives a 500
/// rather than a truncated exposition, OpenMetrics always ends with <c># EOF</c>, and the response has a length. The
/// buffer it is rendered into is kept for the next scrape (one at a time: a concurrent scrape renders into one of its
/// own), so that a scrape does not allocate the size of its exposition again each time; and what the scrape leaves on
/// the heap is released when it is over (<see cref="ScrapeHeap"/>).
/// </summary>
public sealed class MetricsEndpoint(NictuneMetrics metrics)
{
    public const string Path = "/metrics";

    private MemoryStream? _spare;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var response = context.Response;
        if (!request.Path.Equals(Path, StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        var heap = ScrapeHeap.Begin();
        var (format, contentType) = ExpositionNegotiation.Choose(request.Headers.Accept);
        var body = Interlocked.Exchange(ref _spare, null) ?? new MemoryStream();
        try
        {
            await metrics.Registry.CollectAndExportAsTextAsync(body, format, context.RequestAborted).ConfigureAwait(false);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            if (HttpMethods.IsGet(request.Method))
            {
                body.Position = 0;
                await body.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            body.SetLength(0);
            Volatile.Write(ref _spare, body);
        }

        heap.End();
    }
}

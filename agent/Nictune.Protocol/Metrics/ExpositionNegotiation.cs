using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Prometheus;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// Picks the exposition format from the request's <c>Accept</c> header: OpenMetrics 1.0 when the client ranks it at
/// least as high as the text format, text 0.0.4 otherwise (browsers, curl, <c>*/*</c>, no header). OpenMetrics with
/// <c>q=0</c> is never chosen (RFC 9110: not acceptable); nothing is ever refused with 406: when no type the client
/// accepts is left, the text format is sent.
/// </summary>
public static class ExpositionNegotiation
{
    public const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    public static (ExpositionFormat Format, string ContentType) Choose(StringValues accept)
    {
        var openMetrics = 0.0;
        var text = 0.0;
        if (MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            foreach (var type in types)
            {
                var quality = type.Quality ?? 1.0;
                if (type.MediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase) && IsOpenMetrics1(type))
                {
                    openMetrics = Math.Max(openMetrics, quality);
                }
                else if (type.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) || type.MatchesAllTypes || type.MediaType.Equals("text/*", StringComparison.OrdinalIgnoreCase))
                {
                    text = Math.Max(text, quality);
                }
            }
        }

        return openMetrics > 0 && openMetrics >= text
            ? (ExpositionFormat.OpenMetricsText, OpenMetricsContentType)
            : (ExpositionFormat.PrometheusText, TextContentType);
    }

    /// <summary>prometheus-net writes OpenMetrics 1.0.0: a client asking only for another version gets the text format.</summary>
    private static bool IsOpenMetrics1(MediaTypeHeaderValue type)
    {
        var version = type.Parameters.FirstOrDefault(p => p.Name.Equals("version", StringComparison.OrdinalIgnoreCase))?.Value;
        return version is null || version.Value.Equals("1.0.0", StringComparison.Ordinal);
    }
}

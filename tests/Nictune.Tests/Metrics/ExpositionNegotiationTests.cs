using Nictune.Protocol.Metrics;
using Prometheus;
using Xunit;

namespace Nictune.Tests.Metrics;

public sealed class ExpositionNegotiationTests
{
    [Theory]
    // What Prometheus 2.x sends: OpenMetrics preferred.
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", true)]
    [InlineData("application/openmetrics-text", true)]
    [InlineData("APPLICATION/OpenMetrics-Text; version=1.0.0", true)]
    [InlineData("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;q=0.5", false)]
    [InlineData("application/openmetrics-text;version=0.0.1", false)]
    [InlineData("application/openmetrics-text;q=0", false)]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false)]
    [InlineData("*/*", false)]
    [InlineData("", false)]
    [InlineData("this is not a media type", false)]
    public void OpenMetrics_only_when_the_client_ranks_it_at_least_as_high_as_text(string accept, bool openMetrics)
    {
        var (format, contentType) = ExpositionNegotiation.Choose(accept);

        Assert.Equal(openMetrics ? ExpositionFormat.OpenMetricsText : ExpositionFormat.PrometheusText, format);
        Assert.Equal(openMetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8" : "text/plain; version=0.0.4; charset=utf-8", contentType);
    }
}

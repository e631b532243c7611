using Nictune.IntegrationTests.Api;
using Xunit;

namespace Nictune.IntegrationTests.Metrics;

/// <summary>
/// The daemon serves the control API and /metrics from one Kestrel server; each path answers only on its own
/// listeners. Checked on the real binary with curl and Debian's python3-grpcio, both endpoints on in one agent.
/// </summary>
public sealed class EndpointIsolationTests
{
    [Fact]
    public void Metrics_are_served_on_the_metrics_port_and_not_on_the_api_socket()
    {
        using var ns = new MetricsAgent(mode: "observe");

        Assert.Equal("200", StatusCode(ns, ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", MetricsAgent.Url]));
        // The API socket speaks HTTP/2 only (prior knowledge, as gRPC does); /metrics there matches no route.
        Assert.Equal("404", StatusCode(ns, ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--http2-prior-knowledge", "--unix-socket", ns.Namespace.ApiSocket, "http://localhost/metrics"]));
    }

    [Fact]
    public void A_grpc_call_on_the_metrics_port_is_refused_and_answered_on_the_api_socket()
    {
        PythonGrpc.Require();
        using var ns = new MetricsAgent(mode: "observe");

        Assert.Equal("OK", PythonGrpc.Call(ns.Namespace.ApiSocket, "GetStatus").Code);
        var onMetricsPort = PythonGrpc.Run(["--target", $"127.0.0.1:{MetricsAgent.Port}", "--timeout", "10", "call", "GetStatus", "{}"], netns: ns.Namespace.Namespace.Name);
        // HTTP/1.1 only there: grpcio's HTTP/2 connection is refused, so the call never reaches a gRPC service.
        Assert.Equal("UNAVAILABLE", onMetricsPort.Code);
        // A gRPC request sent as HTTP/1.1 reaches the metrics endpoint, which knows only /metrics.
        Assert.Equal("404", StatusCode(ns, ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "content-type: application/grpc", $"http://127.0.0.1:{MetricsAgent.Port}/nictune.v1.Agent/GetStatus"]));
    }

    private static string StatusCode(MetricsAgent ns, string[] curl)
    {
        var result = ns.Namespace.Namespace.Exec(curl);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', curl)} exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout.Trim();
    }
}

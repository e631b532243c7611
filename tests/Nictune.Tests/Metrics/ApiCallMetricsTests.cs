using Grpc.Core;
using Nictune.Protocol.Metrics;
using Xunit;

namespace Nictune.Tests.Metrics;

public sealed class ApiCallMetricsTests
{
    private readonly NictuneMetrics _metrics = new(new FakeNicStatistics(), () => TuningSnapshot.Empty, new MetricsOptions(false, "test"));

    [Fact]
    public async Task Calls_count_by_method_and_the_status_the_client_gets()
    {
        var interceptor = new ApiCallMetricsInterceptor(_metrics.ApiCalls);
        const string Status = "/nictune.v1.Agent/GetStatus";
        const string Push = "/nictune.v1.Agent/PushProfile";

        await interceptor.UnaryServerHandler("request", new FakeServerCallContext(Status), (_, _) => Task.FromResult("response"));
        await interceptor.UnaryServerHandler("request", new FakeServerCallContext(Status), (_, _) => Task.FromResult("response"));
        await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>("bad", new FakeServerCallContext(Push), (_, _) => throw new RpcException(new Status(StatusCode.InvalidArgument, "x.yaml:3:5: ..."))));
        await Assert.ThrowsAsync<InvalidOperationException>(() => interceptor.UnaryServerHandler<string, string>("boom", new FakeServerCallContext(Push), (_, _) => throw new InvalidOperationException()));

        var text = Exposition.Scrape(_metrics);
        Assert.Equal(2, Exposition.Value(text, "nictune_grpc_calls_total{method=\"/nictune.v1.Agent/GetStatus\",code=\"OK\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_grpc_calls_total{method=\"/nictune.v1.Agent/PushProfile\",code=\"INVALID_ARGUMENT\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_grpc_calls_total{method=\"/nictune.v1.Agent/PushProfile\",code=\"UNKNOWN\"}"));
    }

    [Fact]
    public async Task A_stream_the_client_cancels_counts_as_cancelled()
    {
        var interceptor = new ApiCallMetricsInterceptor(_metrics.ApiCalls);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var context = new FakeServerCallContext("/nictune.v1.Agent/WatchEvents", cancelled.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interceptor.ServerStreamingServerHandler<string, string>("since", null!, context, (_, _, c) => Task.FromCanceled(c.CancellationToken)));

        Assert.Equal(1, Exposition.Value(Exposition.Scrape(_metrics), "nictune_grpc_calls_total{method=\"/nictune.v1.Agent/WatchEvents\",code=\"CANCELLED\"}"));
    }
}

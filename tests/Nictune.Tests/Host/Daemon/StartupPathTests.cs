using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nictune.Host.Daemon;
using Nictune.Host.Daemon.Api;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Status;
using Nictune.Host.Daemon.Web;
using Nictune.Protocol.Metrics;
using Nictune.Tests.Linux;
using Nictune.Tests.Metrics;
using Nictune.Linux.Netlink;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>
/// What is on READY=1's path: the metrics registry and its collectors, and what serves the API's calls, are built
/// after the boot tune (docs/architecture.md, "READY=1 and the listening sockets"). Nothing here binds or starts:
/// the host's start constructs every hosted service first, which is what these tests do.
/// </summary>
public sealed class StartupPathTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly NotifySocket _socket = NotifySocket.BindPath();
    private readonly ConfigFile _config = new("drift-interval: 1d\nmetrics:\n  listen: [\"127.0.0.1:10910\"]\napi:\n  socket: /tmp/nictune-startup-path-test.sock\n");
    private int _metricsBuilt;

    [Fact]
    public void Constructing_the_hosted_services_builds_no_metrics_and_no_api_backend()
    {
        using var host = Build();

        // What Host.StartAsync does before it starts anything (the web server's constructor, the event bridge's).
        _ = host.Services.GetServices<IHostedService>().ToList();

        Assert.Equal(0, _metricsBuilt);
        Assert.False(host.Services.GetRequiredService<ApiHosting>().Serving.IsValueCreated);
        Assert.False(host.Services.GetRequiredService<MetricsHosting>().Endpoint.IsValueCreated);

        // The web server's build asks for them: one registry for /metrics and the API's call counters alike.
        _ = host.Services.GetRequiredService<MetricsHosting>().Endpoint.Value;
        Assert.NotNull(host.Services.GetRequiredService<ApiHosting>().Serving.Value.CallMetrics);
        Assert.Equal(1, _metricsBuilt);
    }

    [Fact]
    public async Task The_event_bridge_builds_the_metrics_once_the_boot_tune_is_done()
    {
        using var host = Build();
        var bridge = host.Services.GetServices<IHostedService>().OfType<Nictune.Host.Metrics.MetricsEventBridge>().Single();
        using var stop = new CancellationTokenSource();

        host.Services.GetRequiredService<AgentStatusBoard>().BootTuneDone();
        await bridge.StartAsync(stop.Token);

        var deadline = DateTime.UtcNow + Wait;
        while (Volatile.Read(ref _metricsBuilt) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the event bridge never built the metrics");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        await stop.CancelAsync();
        await bridge.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, _metricsBuilt);
    }

    public void Dispose()
    {
        _socket.Dispose();
        _config.Dispose();
    }

    private IHost Build()
    {
        var settings = AgentConfigLoader.Load(_config.Path);
        var environment = new DaemonEnvironment(_socket.Notifier(), WatchdogInterval: null, UnderSystemd: false);
        var builder = AgentDaemon.CreateBuilder(new AgentSettingsSource(settings, _config.Path), _ => new FakeTuner(), environment);
        builder.Services.AddNictuneApi(settings.Api);
        builder.Services.AddSingleton<ILinkEventSource>(new FakeLinkEvents());

        // Counts the metrics' construction: NictuneMetrics asks for its statistics source once, when it is built.
        builder.Services.AddSingleton<INicStatisticsSource>(_ =>
        {
            Interlocked.Increment(ref _metricsBuilt);
            return new FakeNicStatistics();
        });
        return builder.Build();
    }
}

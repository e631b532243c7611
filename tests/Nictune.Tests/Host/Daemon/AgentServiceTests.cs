using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nictune.Host.Daemon;
using Nictune.Host.Daemon.Configuration;
using Nictune.Linux.Netlink;
using Nictune.Tests.Linux;
using Xunit;
using Tmds.Linux;

namespace Nictune.Tests.Host.Daemon;

/// <summary>
/// The daemon's behaviour with a fake tuner and fake link events, talking sd_notify to a real datagram socket.
/// </summary>
public sealed partial class AgentServiceTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    private readonly NotifySocket _socket = NotifySocket.BindPath();
    private readonly FakeTuner _tuner = new();
    private readonly FakeLinkEvents _links = new();
    // No metrics listener: a unit test must not bind a port in the machine's own network namespace.
    private readonly ConfigFile _config = new("drift-interval: 1d\nmetrics:\n  listen: []\n");
    private IHost? _host;
    private TimeSpan? _watchdog;
    private LoopHeartbeat? _heartbeat;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_is_sent_only_after_the_boot_tune_completes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _tuner.BootGate = gate;

        await StartAsync();

        // The boot tune runs on the service's own task: wait until it has begun (a loaded machine may take a while).
        Assert.True(SpinWait.SpinUntil(() => _tuner.Calls.Count > 0, Wait), "the boot tune never started");
        Assert.Null(_socket.Receive(Quiet));
        Assert.Equal(["boot:start"], _tuner.Calls);

        gate.SetResult();

        Assert.Equal("READY=1\nSTATUS=tuned 2 interface(s) with profile virtio-throughput: 7 setting(s) changed", _socket.Receive(Wait));
        Assert.Equal(["boot:start", "boot:end"], _tuner.Calls);
    }

    [Fact]
    public async Task A_burst_of_link_events_is_one_reconcile_with_all_of_them()
    {
        await StartReadyAsync();

        for (var i = 1; i <= 5; i++)
        {
            _links.Raise(new LinkEvent(LinkEventKind.Added, 10 + i, $"veth{i}"));
        }

        await WaitUntil(() => _tuner.Reconciles.Count >= 1);
        await Task.Delay(AgentWorkQueue.Debounce * 3, Token);
        var reason = Assert.Single(_tuner.Reconciles);
        Assert.Equal(ReconcileTrigger.LinkChange, reason.Trigger);
        Assert.Equal(["veth1", "veth2", "veth3", "veth4", "veth5"], reason.LinkEvents.Select(e => e.Name));
    }

    [Fact]
    public async Task A_lost_notification_resync_is_its_own_trigger()
    {
        await StartReadyAsync();

        _links.Raise(LinkEvent.Resync);

        await WaitUntil(() => _tuner.Reconciles.Count == 1);
        Assert.Equal(ReconcileTrigger.Resync, _tuner.Reconciles[0].Trigger);
    }

    [Fact]
    public async Task The_drift_interval_reconciles_periodically()
    {
        File.WriteAllText(_config.Path, "drift-interval: 1s\n");
        await StartReadyAsync();

        await WaitUntil(() => _tuner.Reconciles.Count(r => r.Trigger == ReconcileTrigger.Drift) >= 2);
    }

    [Fact]
    public async Task Stop_waits_for_the_reconcile_in_flight_then_sends_stopping_then_calls_the_tuner()
    {
        await StartReadyAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _tuner.ReconcileGate = gate;
        _links.Raise(new LinkEvent(LinkEventKind.Removed, 3, "eth1"));
        await _tuner.ReconcileEntered.Task.WaitAsync(Wait, Token);

        var stopping = _host!.StopAsync(Token);

        Assert.Null(_socket.Receive(Quiet));
        Assert.False(stopping.IsCompleted);
        Assert.DoesNotContain("stop", _tuner.Calls);

        gate.SetResult();

        Assert.Equal("STOPPING=1", _socket.Receive(Wait));
        await stopping.WaitAsync(Wait, Token);
        Assert.Equal(["boot:start", "boot:end", "reconcile:start:LinkChange", "reconcile:end:LinkChange", "stop"], _tuner.Calls);
    }

    [Fact]
    public async Task A_reload_applies_a_valid_file_and_keeps_the_old_settings_for_an_invalid_one()
    {
        await StartReadyAsync();
        var service = _host!.Services.GetRequiredService<AgentService>();

        File.WriteAllText(_config.Path, "mode: observe\ndrift-interval: 1d\n");
        service.RequestReload();

        var messages = _socket.ReceiveUntil(m => m.StartsWith("READY=1", StringComparison.Ordinal), Wait);
        Assert.Equal(2, messages.Count);
        Assert.Matches("^RELOADING=1\nMONOTONIC_USEC=[0-9]+$", messages[0]);
        Assert.Equal("READY=1\nSTATUS=observing 2 interface(s) with profile virtio-throughput: 7 setting(s) would change", messages[1]);
        Assert.Equal(AgentMode.Observe, Assert.Single(_tuner.Reloads).Mode);

        File.WriteAllText(_config.Path, "mode: sideways\n");
        service.RequestReload();

        Assert.StartsWith("STATUS=reload rejected", _socket.Receive(Wait), StringComparison.Ordinal);
        Assert.Single(_tuner.Reloads);
        Assert.Equal(AgentMode.Observe, _host!.Services.GetRequiredService<AgentSettingsSource>().Current.Mode);
    }

    [Fact]
    public async Task Sighup_reloads_the_configuration()
    {
        await StartReadyAsync();

        // The handler is registered before the boot tune, so after READY the signal is ours to handle.
        Assert.Equal(0, LibC.kill(Environment.ProcessId, LibC.SIGHUP));

        await WaitUntil(() => _tuner.Reloads.Count == 1);
    }

    [Fact]
    public async Task An_armed_watchdog_pings_at_the_interval()
    {
        _watchdog = TimeSpan.FromMilliseconds(100);
        await StartReadyAsync();

        // Pings every 50 ms (half of WATCHDOG_USEC). On a loaded machine timers run late, so count pings against the
        // time they actually took rather than within a fixed window: at least four, and never faster than the interval.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pings = 0;
        _socket.ReceiveUntil(m => m == "WATCHDOG=1" && ++pings == 4, Wait);
        clock.Stop();

        Assert.Equal(4, pings);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(100), $"4 pings in {clock.Elapsed.TotalMilliseconds} ms: faster than every 50 ms");
    }

    [Fact]
    public async Task A_failed_boot_tune_stops_the_daemon_with_exit_code_1_and_no_ready()
    {
        _tuner.BootFailure = new InvalidOperationException("rollback done");

        await StartAsync();

        await _host!.WaitForShutdownAsync(Token).WaitAsync(Wait, Token);
        Assert.Equal(1, _host!.Services.GetRequiredService<AgentExit>().Code);
        Assert.Equal("STOPPING=1", _socket.Receive(Wait));
    }

    /// <summary>Issue 9 §2: a bad state file stops the daemon with exit 2 (nothing was changed), not a crash loop of exit 1.</summary>
    [Fact]
    public async Task A_bad_state_file_at_boot_stops_the_daemon_with_exit_code_2()
    {
        _tuner.BootFailure = new Nictune.Core.Transactions.StateStoreException("/var/lib/nictune/journal.json", "the state file is corrupt: transactionId: missing");

        await StartAsync();

        await _host!.WaitForShutdownAsync(Token).WaitAsync(Wait, Token);
        Assert.Equal(2, _host!.Services.GetRequiredService<AgentExit>().Code);
        Assert.Equal("STOPPING=1", _socket.Receive(Wait));
    }

    public void Dispose()
    {
        if (_host is not null)
        {
            _host.StopAsync(CancellationToken.None).Wait(Wait);
            _host.Dispose();
        }

        _socket.Dispose();
        _config.Dispose();
    }

    private async Task StartReadyAsync()
    {
        await StartAsync();
        Assert.Contains(_socket.ReceiveUntil(m => m.StartsWith("READY=1", StringComparison.Ordinal), Wait), m => m.StartsWith("READY=1", StringComparison.Ordinal));
    }

    private async Task StartAsync()
    {
        var settings = AgentConfigLoader.Load(_config.Path);
        var environment = new DaemonEnvironment(_socket.Notifier(), WatchdogInterval: _watchdog, UnderSystemd: false);
        var builder = AgentDaemon.CreateBuilder(new AgentSettingsSource(settings, _config.Path), _ => _tuner, environment);
        builder.Services.AddSingleton<ILinkEventSource>(_links);
        if (_heartbeat is not null)
        {
            builder.Services.AddSingleton(_heartbeat);
        }

        _host = builder.Build();
        await _host.StartAsync(Token);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the daemon");
            await Task.Delay(20, Token);
        }
    }
}

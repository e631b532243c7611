using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon;
using Nictune.Host.Daemon.Events;
using Nictune.Linux.Netlink;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>The loop as the API sees it (IAgentControl), and the stop, watchdog and exit-code rules around it.</summary>
public sealed partial class AgentServiceTests
{
    private IAgentControl Control => _host!.Services.GetRequiredService<IAgentControl>();

    /// <summary>Starts the agent (unless <paramref name="started"/>) and holds its loop inside a link-change pass until the returned gate is opened.</summary>
    private async Task<TaskCompletionSource> HoldTheLoopInAPassAsync(bool started = false)
    {
        if (!started)
        {
            await StartReadyAsync();
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _tuner.ReconcileGate = gate;
        _links.Raise(new LinkEvent(LinkEventKind.Added, 3, "eth1"));
        await _tuner.ReconcileEntered.Task.WaitAsync(Wait, Token);
        return gate;
    }

    [Fact]
    public async Task Work_posted_from_outside_runs_in_the_loop_after_the_pass_in_flight_and_returns_its_result()
    {
        var gate = await HoldTheLoopInAPassAsync();

        var applying = Control.ApplyProfileAsync(() => "latency", null, Token);
        await Task.Delay(Quiet, Token);
        Assert.False(applying.IsCompleted);
        Assert.DoesNotContain("apply:start:latency", _tuner.Calls);

        gate.SetResult();

        Assert.Equal(_tuner.Summary, await applying.WaitAsync(Wait, Token));
        Assert.Equal(["reconcile:start:LinkChange", "reconcile:end:LinkChange", "apply:start:latency", "apply:end:latency"], _tuner.Calls.Skip(2));
    }

    [Fact]
    public async Task An_apply_precondition_is_checked_in_the_loops_turn_and_a_refusal_changes_nothing()
    {
        var gate = await HoldTheLoopInAPassAsync();

        // The expected generation still holds when the request is accepted; a push lands while it waits its turn.
        var generation = 1;
        var applying = Control.ApplyProfileAsync(() => generation == 1 ? "latency" : throw new InvalidDataException($"stale generation: expected 1, the agent is at {generation}"), null, Token);
        generation = 2;
        gate.SetResult();

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => applying.WaitAsync(Wait, Token));
        Assert.Contains("expected 1, the agent is at 2", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("apply:start:latency", _tuner.Calls);
    }

    [Fact]
    public async Task A_caller_that_gives_up_before_its_turn_takes_its_work_off_the_queue()
    {
        var gate = await HoldTheLoopInAPassAsync();
        using var caller = new CancellationTokenSource();

        var rollback = Control.RollbackAsync(RollbackTarget.Baseline, null, caller.Token);
        await caller.CancelAsync();
        gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rollback);
        await WaitUntil(() => _tuner.Calls.Contains("reconcile:end:LinkChange"));
        var reload = await Control.ReloadAsync(Token);
        Assert.True(reload.Accepted);
        Assert.DoesNotContain(_tuner.Calls, c => c.StartsWith("rollback", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_caller_that_gives_up_mid_transaction_cancels_nothing_the_work_runs_to_its_end()
    {
        await StartReadyAsync();
        _tuner.ApplyGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var caller = new CancellationTokenSource();

        var applying = Control.ApplyProfileAsync(() => "latency", null, caller.Token);
        await _tuner.ApplyEntered.Task.WaitAsync(Wait, Token);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => applying);
        Assert.DoesNotContain("apply:end:latency", _tuner.Calls);
        _tuner.ApplyGate.SetResult();
        await WaitUntil(() => _tuner.Calls.Contains("apply:end:latency"));
    }

    [Fact]
    public async Task A_reload_through_the_control_returns_the_problems_of_an_invalid_file_and_publishes_the_event()
    {
        await StartReadyAsync();
        using var events = Control.Events.Subscribe(since: 0);
        File.WriteAllText(_config.Path, "mode: sideways\n");

        var result = await Control.ReloadAsync(Token);

        Assert.False(result.Accepted);
        Assert.Contains("mode", result.Problems, StringComparison.Ordinal);
        var published = await events.ReadAllAsync(Token).Select(e => e.Data).OfType<Reloaded>().FirstAsync(Token).AsTask().WaitAsync(Wait, Token);
        Assert.False(published.Accepted);
        Assert.Empty(_tuner.Reloads);
    }

    [Fact]
    public async Task Stop_never_runs_the_stop_step_beside_a_transaction_still_in_flight_at_the_deadline()
    {
        await StartReadyAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _tuner.ReconcileGate = gate;
        _links.Raise(new LinkEvent(LinkEventKind.Removed, 3, "eth1"));
        await _tuner.ReconcileEntered.Task.WaitAsync(Wait, Token);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await _host!.StopAsync(deadline.Token).WaitAsync(Wait, Token);
        gate.SetResult();
        await WaitUntil(() => _tuner.Calls.Contains("reconcile:end:LinkChange"));
        await Task.Delay(Quiet, Token);

        Assert.DoesNotContain("stop", _tuner.Calls);
    }

    [Fact]
    public async Task At_the_stop_deadline_the_transaction_is_interrupted_and_once_it_has_rolled_back_the_stop_step_runs()
    {
        await StartReadyAsync();
        _tuner.ReconcileGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _tuner.ReleaseOnInterrupt = true;
        _links.Raise(new LinkEvent(LinkEventKind.Removed, 3, "eth1"));
        await _tuner.ReconcileEntered.Task.WaitAsync(Wait, Token);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await _host!.StopAsync(deadline.Token).WaitAsync(Wait, Token);

        Assert.Equal(["reconcile:start:LinkChange", "interrupt", "reconcile:end:LinkChange", "stop"], _tuner.Calls.Skip(2));
    }

    [Fact]
    public async Task A_boot_transaction_whose_rollback_failed_is_not_ready_and_exits_3()
    {
        var now = DateTimeOffset.UnixEpoch;
        _tuner.BootSummary = new TuneSummary("virtio-throughput", 2, 0, 2,
            new TransactionResult("t", TransactionKind.Apply, "apply", TransactionOutcome.RollbackFailed, [], "the rollback failed too, leaving vt0 mtu = 9000 (original 1500)", now, now));

        await StartAsync();

        await _host!.WaitForShutdownAsync(Token).WaitAsync(Wait, Token);
        Assert.Equal(3, _host!.Services.GetRequiredService<AgentExit>().Code);
        var messages = _socket.ReceiveUntil(m => m == "STOPPING=1", Wait);
        Assert.DoesNotContain(messages, m => m.StartsWith("READY=1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_watchdog_is_withheld_while_a_pass_runs_past_its_bound_and_resumes_after()
    {
        _watchdog = TimeSpan.FromMilliseconds(100);
        _heartbeat = new LoopHeartbeat(TimeSpan.FromMilliseconds(300));
        var gate = await HoldTheLoopInAPassAsync();

        // Past the bound (plus a ping interval in flight), nothing more is sent while the pass hangs.
        await Task.Delay(TimeSpan.FromMilliseconds(500), Token);
        _socket.ReceiveUntil(_ => false, TimeSpan.FromMilliseconds(100));
        Assert.Null(_socket.Receive(TimeSpan.FromMilliseconds(600)));

        gate.SetResult();

        Assert.Equal("WATCHDOG=1", _socket.Receive(Wait));
    }
}

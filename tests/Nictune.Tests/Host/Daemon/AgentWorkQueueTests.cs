using Nictune.Host.Daemon;
using Nictune.Linux.Netlink;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>The loop's queue: triggers coalesce into one pending pass, memory stays bounded, requests are bounded and ordered.</summary>
public sealed class AgentWorkQueueTests : IDisposable
{
    private readonly AgentWorkQueue _queue = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_flood_of_link_events_is_one_pending_pass_of_bounded_size_that_becomes_a_resync()
    {
        for (var i = 0; i < 10_000; i++)
        {
            _queue.PostLink(new LinkEvent(LinkEventKind.Added, i, $"v{i}"));
            _queue.PostDrift();
        }

        Assert.True(_queue.PendingCount <= AgentWorkQueue.MaxLinkEvents + 1, $"{_queue.PendingCount} pending");
        var work = await _queue.NextAsync(Token);

        Assert.Equal(AgentWorkKind.Reconcile, work.Kind);
        Assert.Equal(ReconcileTrigger.Resync, work.Reason!.Trigger);
        Assert.Equal(AgentWorkQueue.MaxLinkEvents + 1, work.Reason.LinkEvents.Count);
        Assert.Equal(0, _queue.PendingCount);
    }

    [Fact]
    public async Task Many_drift_ticks_are_one_pass()
    {
        for (var i = 0; i < 100; i++)
        {
            _queue.PostDrift();
        }

        var work = await _queue.NextAsync(Token);

        Assert.Equal(ReconcileReason.Drift, work.Reason);
        Assert.Equal(0, _queue.PendingCount);
    }

    [Fact]
    public async Task Adaptive_ticks_coalesce_into_one_item_taken_after_every_other_kind_of_work()
    {
        _queue.PostAdapt();
        _queue.PostAdapt();
        _queue.PostDrift();
        var request = AgentRequest.Create(() => Task.FromResult(1), out _);
        Assert.True(_queue.TryPost(request));
        Assert.Equal(3, _queue.PendingCount);

        Assert.Same(request, (await _queue.NextAsync(Token)).Request);
        Assert.Equal(AgentWorkKind.Reconcile, (await _queue.NextAsync(Token)).Kind);
        Assert.Equal(AgentWorkKind.Adapt, (await _queue.NextAsync(Token)).Kind);
        Assert.Equal(0, _queue.PendingCount);
    }

    [Fact]
    public async Task A_reload_goes_first_then_requests_in_order_then_the_pass()
    {
        _queue.PostDrift();
        var first = AgentRequest.Create(() => Task.FromResult(1), out _);
        var second = AgentRequest.Create(() => Task.FromResult(2), out _);
        Assert.True(_queue.TryPost(first));
        Assert.True(_queue.TryPost(second));
        _queue.PostReload();

        Assert.Equal(AgentWorkKind.Reload, (await _queue.NextAsync(Token)).Kind);
        Assert.Same(first, (await _queue.NextAsync(Token)).Request);
        Assert.Same(second, (await _queue.NextAsync(Token)).Request);
        Assert.Equal(AgentWorkKind.Reconcile, (await _queue.NextAsync(Token)).Kind);
    }

    [Fact]
    public void Requests_beyond_the_bound_are_refused_and_none_after_close()
    {
        for (var i = 0; i < AgentWorkQueue.MaxRequests; i++)
        {
            Assert.True(_queue.TryPost(AgentRequest.Create(() => Task.FromResult(i), out _)));
        }

        Assert.False(_queue.TryPost(AgentRequest.Create(() => Task.FromResult(0), out _)));
        Assert.Equal(AgentWorkQueue.MaxRequests, _queue.Close().Count);
        Assert.False(_queue.TryPost(AgentRequest.Create(() => Task.FromResult(0), out _)));
    }

    [Fact]
    public async Task Link_events_wait_for_quiet_but_a_drift_tick_takes_them_at_once()
    {
        _queue.PostLink(new LinkEvent(LinkEventKind.Added, 1, "v1"));
        var waiting = _queue.NextAsync(Token);
        Assert.False(waiting.IsCompleted);

        _queue.PostDrift();

        var work = await waiting.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Assert.Equal(ReconcileTrigger.LinkChange, work.Reason!.Trigger);
        Assert.Equal(0, _queue.PendingCount);
    }

    public void Dispose() => _queue.Dispose();
}

using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Events;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>The one event stream: numbering, the bounded ring and <c>since</c>, slow readers dropped, the log line from the same call.</summary>
public sealed class AgentEventFeedTests
{
    private readonly ListLogger<AgentEventFeed> _log = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Events_are_numbered_in_order_and_each_writes_its_log_line_once()
    {
        var feed = new AgentEventFeed(_log);

        var first = feed.Publish(new InterfaceAdded("vt0", 3));
        var second = feed.Publish(new DriftDetected("vt0", "feature.rx-gro", "off", "on", DriftOutcome.Correcting));

        Assert.Equal([1L, 2L], [first.Sequence, second.Sequence]);
        Assert.Equal(2, feed.LastSequence);
        Assert.Equal(["New interface vt0: 3 setting(s) to tune", "Drift: vt0 feature.rx-gro holds off, the profile wants on (correcting)"], _log.Lines);
    }

    [Fact]
    public async Task A_subscriber_with_since_gets_what_it_missed_then_what_comes()
    {
        var feed = new AgentEventFeed(_log);
        for (var i = 0; i < 5; i++)
        {
            feed.Publish(new InterfaceRemoved($"vt{i}"));
        }

        using var subscription = feed.Subscribe(since: 3);
        feed.Publish(new InterfaceRemoved("vt5"));

        var seen = await subscription.ReadAllAsync(Token).Take(3).Select(e => e.Sequence).ToListAsync(Token);
        Assert.Equal([4L, 5L, 6L], seen);
        Assert.Equal(0, subscription.Missed);
    }

    [Fact]
    public async Task The_ring_is_bounded_and_a_subscriber_is_told_how_many_events_it_can_no_longer_get()
    {
        var feed = new AgentEventFeed(_log, capacity: 4);
        for (var i = 0; i < 10; i++)
        {
            feed.Publish(new InterfaceRemoved($"vt{i}"));
        }

        Assert.Equal([7L, 8L, 9L, 10L], feed.Since(0).Select(e => e.Sequence));
        using var subscription = feed.Subscribe(since: 2);
        Assert.Equal(4, subscription.Missed);
        Assert.Equal(7, (await subscription.ReadAllAsync(Token).FirstAsync(Token)).Sequence);
    }

    [Fact]
    public async Task A_slow_subscriber_is_dropped_instead_of_growing_memory()
    {
        var feed = new AgentEventFeed(_log);
        using var slow = feed.Subscribe(buffer: 2);
        using var keeping = feed.Subscribe(buffer: 100);

        for (var i = 0; i < 5; i++)
        {
            feed.Publish(new InterfaceRemoved($"vt{i}"));
        }

        Assert.True(slow.Dropped);
        Assert.False(keeping.Dropped);
        Assert.Equal(1, feed.SubscriberCount);
        var read = new List<long>();
        var error = await Assert.ThrowsAsync<SlowSubscriberException>(async () =>
        {
            await foreach (var e in slow.ReadAllAsync(Token))
            {
                read.Add(e.Sequence);
            }
        });
        Assert.Equal([1L, 2L], read);
        Assert.Contains("subscribe again with 'since'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disposed_subscriber_is_detached()
    {
        var feed = new AgentEventFeed(_log);
        var subscription = feed.Subscribe();

        subscription.Dispose();

        Assert.Equal(0, feed.SubscriberCount);
        feed.Publish(new InterfaceRemoved("vt0"));
    }
}

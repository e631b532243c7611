using System.Globalization;
using Nictune.Linux.Netlink;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Linux;

/// <summary>The link monitor against the real kernel, inside a network namespace the test creates and deletes.</summary>
public sealed class RtnetlinkMonitorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Veth_add_rename_and_delete_arrive_with_the_right_names()
    {
        using var ns = NetNamespace.Create("ntmon");
        ns.Ip("link", "add", "pre0", "type", "veth", "peer", "name", "pre1");
        using var monitor = NetnsThread.Run(ns.Name, RtnetlinkMonitor.Open);
        Assert.Equal(3, monitor.KnownLinks); // lo, pre0, pre1: the namespace's links only, never the host's
        using var events = EventLog.Start(monitor);

        ns.Ip("link", "set", "pre0", "name", "renamed0");
        ns.Ip("link", "add", "hp0", "type", "veth", "peer", "name", "hp1");
        ns.Ip("link", "set", "hp0", "name", "hp0new");
        ns.Ip("link", "del", "hp0new");

        var seen = await events.WaitFor(list => list.Count(e => e.Kind == LinkEventKind.Removed) >= 2, Wait);
        var renamedPre = Assert.Single(seen, e => e.IsRename && e.Name == "renamed0");
        Assert.Equal("pre0", renamedPre.OldName);
        var addedHp0 = Assert.Single(seen, e => e.Kind == LinkEventKind.Added && e.Name == "hp0");
        Assert.Single(seen, e => e.Kind == LinkEventKind.Added && e.Name == "hp1");
        var renamedHp0 = Assert.Single(seen, e => e.IsRename && e.Name == "hp0new");
        Assert.Equal((addedHp0.IfIndex, "hp0new", "hp0"), (renamedHp0.IfIndex, renamedHp0.Name, renamedHp0.OldName));
        Assert.Contains(seen, e => e.Kind == LinkEventKind.Removed && e.Name == "hp0new" && e.IfIndex == addedHp0.IfIndex);
        Assert.Contains(seen, e => e.Kind == LinkEventKind.Removed && e.Name == "hp1");
        Assert.All(seen, e => Assert.Contains(e.Name, new[] { "renamed0", "pre1", "hp0", "hp1", "hp0new" }));
    }

    [Fact]
    public async Task An_overrun_yields_a_resync_and_the_names_are_read_again()
    {
        using var ns = NetNamespace.Create("ntovr");
        // The kernel raises a tiny SO_RCVBUF to its minimum (a few KiB): a handful of link messages overflow it.
        using var monitor = NetnsThread.Run(ns.Name, () => RtnetlinkMonitor.Open(receiveBufferBytes: 1));
        for (var i = 0; i < 12; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            ns.Ip("link", "add", "ova" + n, "type", "veth", "peer", "name", "ovb" + n);
        }

        using var events = EventLog.Start(monitor);
        await events.WaitFor(list => list.Any(e => e.Kind == LinkEventKind.Resync), Wait);

        // The re-read map knows links whose notifications were dropped: a rename reports the old name.
        var deadline = DateTime.UtcNow + Wait;
        while (monitor.KnownLinks < 25 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(25, monitor.KnownLinks);
        ns.Ip("link", "set", "ova11", "name", "ovrenamed");
        var seen = await events.WaitFor(list => list.Any(e => e.IsRename), Wait);
        Assert.Equal("ova11", Assert.Single(seen, e => e.IsRename).OldName);
    }

    /// <summary>Reads the monitor's stream in the background into a list the test can wait on.</summary>
    private sealed class EventLog : IDisposable
    {
        private readonly List<LinkEvent> _events = [];
        private readonly CancellationTokenSource _stop = new();
        private Task _reader = Task.CompletedTask;

        public static EventLog Start(RtnetlinkMonitor monitor)
        {
            var log = new EventLog();
            log._reader = Task.Run(async () =>
            {
                await foreach (var linkEvent in monitor.ReadEventsAsync(log._stop.Token))
                {
                    lock (log._events)
                    {
                        log._events.Add(linkEvent);
                    }
                }
            });
            return log;
        }

        public async Task<List<LinkEvent>> WaitFor(Func<List<LinkEvent>, bool> condition, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                List<LinkEvent> snapshot;
                lock (_events)
                {
                    snapshot = [.. _events];
                }

                if (condition(snapshot))
                {
                    return snapshot;
                }

                if (_reader.IsFaulted)
                {
                    throw new InvalidOperationException("the monitor failed", _reader.Exception);
                }

                Assert.True(DateTime.UtcNow < deadline, $"timed out; events so far:\n{string.Join('\n', snapshot)}");
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _reader.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException e) when (e.InnerException is OperationCanceledException)
            {
                // The reader ends by cancellation.
            }

            _stop.Dispose();
        }
    }
}

using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Nictune.Linux.Netlink;

/// <summary>
/// Link hot-plug events from the kernel: an AF_NETLINK / NETLINK_ROUTE socket subscribed to RTMGRP_LINK.
/// </summary>
/// <remarks>
/// The socket comes from <see cref="RouteSocket"/>, wrapped in a <see cref="Socket"/>: receives go through the runtime's
/// epoll loop, so an idle monitor costs no thread and cancellation just works. The socket belongs to the network
/// namespace of the thread that calls <see cref="Open()"/>.
/// </remarks>
public sealed class RtnetlinkMonitor : ILinkEventSource, IDisposable
{
    // Large enough for any datagram the kernel sends: a dump skb is at most 32 KiB.
    private const int BufferSize = 64 * 1024;
    private static readonly TimeSpan SeedTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Bounds the re-requests of a dump that keeps failing or being interrupted by link churn.</summary>
    private const int MaxDumpAttempts = 5;

    private readonly Socket _socket;
    private readonly uint _portId;
    private readonly LinkTable _table = new();
    private readonly Queue<LinkMessage> _pending = new();
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize);
    private uint _sequence = (uint)Environment.TickCount;
    private int _reading;

    /// <summary>The dump in progress, whose replies are table state, not events; null when none is.</summary>
    private LinkDump? _dump;

    private RtnetlinkMonitor(Socket socket, uint portId)
    {
        _socket = socket;
        _portId = portId;
    }

    /// <summary>How many links the monitor knows by name (from its start-up dump and the events since).</summary>
    public int KnownLinks => _table.Count;

    /// <summary>Subscribes to link notifications and reads the current links so renames can report the old name.</summary>
    /// <exception cref="IOException">The socket could not be created or bound.</exception>
    public static RtnetlinkMonitor Open() => Open(receiveBufferBytes: null);

    /// <param name="receiveBufferBytes">SO_RCVBUF; tests make it tiny to force an overrun.</param>
    internal static RtnetlinkMonitor Open(int? receiveBufferBytes)
    {
        var (socket, portId) = RouteSocket.Open(Interop.Rtnetlink.RTMGRP_LINK);
        try
        {
            if (receiveBufferBytes is { } bytes)
            {
                socket.ReceiveBufferSize = bytes;
            }

            var monitor = new RtnetlinkMonitor(socket, portId);
            monitor.SeedNames();
            return monitor;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Link events until cancelled. Only one reader at a time: the name map is the stream's state.
    /// After an overrun (ENOBUFS) a <see cref="LinkEventKind.Resync"/> event comes first and the map is re-read.
    /// </summary>
    public async IAsyncEnumerable<LinkEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0)
        {
            throw new InvalidOperationException("the link monitor already has a reader");
        }

        try
        {
            while (_pending.TryDequeue(out var early))
            {
                if (_table.Apply(early) is { } linkEvent)
                {
                    yield return linkEvent;
                }
            }

            while (true)
            {
                var received = 0;
                var lost = false;
                try
                {
                    received = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
                {
                    // The kernel dropped notifications because we read too slowly: which ones is unknowable.
                    lost = true;
                }

                var parsed = lost ? null : RtnetlinkParser.Parse(_buffer.AsSpan(0, received));
                var overrun = lost || parsed!.Overrun;
                if (overrun && _dump is not null)
                {
                    // Parts of the running dump may be among the lost messages.
                    _dump.Interrupted = true;
                }

                if (parsed is not null)
                {
                    foreach (var message in Collect(parsed))
                    {
                        if (_table.Apply(message) is { } linkEvent)
                        {
                            yield return linkEvent;
                        }
                    }
                }

                if (overrun)
                {
                    yield return LinkEvent.Resync;

                    // A dump already running will finish on its own (and be asked for again, being interrupted);
                    // the kernel refuses a second one at the same time (EBUSY).
                    _dump ??= new LinkDump(SendDumpRequest(), attempt: 1);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>
    /// Blocking dump at open: the map must be complete before the first event can be a rename. If it times out,
    /// the names so far serve, and the dump stays in progress: its late replies are still collected as the dump
    /// by <see cref="ReadEventsAsync"/>, not mistaken for links being added.
    /// </summary>
    private void SeedNames()
    {
        _dump = new LinkDump(SendDumpRequest(), attempt: 1);
        _socket.ReceiveTimeout = (int)SeedTimeout.TotalMilliseconds;
        try
        {
            while (_dump is not null)
            {
                var received = _socket.Receive(_buffer);
                var parsed = RtnetlinkParser.Parse(_buffer.AsSpan(0, received));
                if (parsed.Overrun)
                {
                    _dump.Interrupted = true;
                }

                foreach (var message in Collect(parsed))
                {
                    // A notification that raced the dump: replay it to the first reader.
                    _pending.Enqueue(message);
                }
            }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable)
        {
            // Degrade: without all the names a rename is reported without its old name, nothing worse.
            if (_dump is not null)
            {
                _dump.Interrupted |= e.SocketErrorCode == SocketError.NoBufferSpaceAvailable;
                _table.Replace(_dump.Messages);
            }
        }
        finally
        {
            _socket.ReceiveTimeout = 0;
        }
    }

    /// <summary>
    /// Takes the replies to the dump in progress out of <paramref name="parsed"/> and returns the rest, the
    /// notifications. A dump that ends complete and consistent replaces the table; one that failed (NLMSG_ERROR,
    /// or a DONE carrying an error) or was interrupted leaves the table as it is and is asked for again.
    /// </summary>
    private List<LinkMessage> Collect(NetlinkDatagram parsed)
    {
        var dump = _dump;
        var notifications = new List<LinkMessage>(parsed.Messages.Count);
        foreach (var message in parsed.Messages)
        {
            if (dump is not null && message.PortId == _portId && message.Sequence == dump.Sequence)
            {
                dump.Messages.Add(message);
            }
            else
            {
                notifications.Add(message);
            }
        }

        if (dump is null)
        {
            return notifications;
        }

        if (parsed.InterruptedSequence == dump.Sequence)
        {
            dump.Interrupted = true;
        }

        if (parsed.End is { } end && end.Sequence == dump.Sequence)
        {
            if (end.Succeeded && !dump.Interrupted)
            {
                _table.Replace(dump.Messages);
                _dump = null;
            }
            else
            {
                // Past the bound the old table stays; the next overrun asks again.
                _dump = dump.Attempt < MaxDumpAttempts ? new LinkDump(SendDumpRequest(), dump.Attempt + 1) : null;
            }
        }

        return notifications;
    }

    private uint SendDumpRequest()
    {
        var sequence = ++_sequence;
        RouteSocket.SendLinkDumpRequest(_socket, sequence);
        return sequence;
    }
}

using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Nictune.Linux.Interop.Netlink;

namespace Nictune.Linux.Netlink;

/// <summary>
/// Link hot-plug events from the kernel: an AF_NETLINK / NETLINK_ROUTE socket subscribed to RTMGRP_LINK.
/// </summary>
/// <remarks>
/// The socket is created and bound with libc (.NET has no AddressFamily for netlink, so it can neither create
/// one nor serialize a sockaddr_nl), then wrapped in a <see cref="Socket"/>: receives go through the runtime's
/// epoll loop, so an idle monitor costs no thread and cancellation just works. The socket belongs to the network
/// namespace of the thread that calls <see cref="Open()"/>.
/// </remarks>
public sealed class RtnetlinkMonitor : ILinkEventSource, IDisposable
{
    // Large enough for any datagram the kernel sends: a dump skb is at most 32 KiB.
    private const int BufferSize = 64 * 1024;
    private static readonly TimeSpan SeedTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly uint _portId;
    private readonly LinkTable _table = new();
    private readonly Queue<LinkMessage> _pending = new();
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize);
    private uint _sequence = (uint)Environment.TickCount;
    private int _reading;

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
    internal static unsafe RtnetlinkMonitor Open(int? receiveBufferBytes)
    {
        var fd = Interop.Socket.socket(
            Interop.Netlink.AF_NETLINK, Interop.Netlink.SOCK_RAW | Interop.Netlink.SOCK_CLOEXEC, Interop.Netlink.NETLINK_ROUTE);
        if (fd < 0)
        {
            throw Failure("socket(AF_NETLINK, NETLINK_ROUTE)");
        }

        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        Socket? socket = null;
        try
        {
            var address = new sockaddr_nl { nl_family = Interop.Netlink.AF_NETLINK, nl_groups = Interop.Rtnetlink.RTMGRP_LINK };
            if (Interop.Netlink.bind(handle, &address, (uint)sizeof(sockaddr_nl)) != 0)
            {
                throw Failure("bind(RTMGRP_LINK)");
            }

            // The kernel picks our port id at bind; replies to our dump carry it, notifications do not.
            var bound = default(sockaddr_nl);
            var length = (uint)sizeof(sockaddr_nl);
            if (Interop.Netlink.getsockname(handle, &bound, &length) != 0)
            {
                throw Failure("getsockname");
            }

            socket = new Socket(handle);
            if (receiveBufferBytes is { } bytes)
            {
                socket.ReceiveBufferSize = bytes;
            }

            var monitor = new RtnetlinkMonitor(socket, bound.nl_pid);
            monitor.SeedNames();
            return monitor;
        }
        catch
        {
            if (socket is not null)
            {
                socket.Dispose();
            }
            else
            {
                handle.Dispose();
            }

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

            List<LinkMessage>? dump = null;
            uint dumpSequence = 0;
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

                uint? doneSequence = null;
                var overrun = false;
                var messages = lost ? [] : RtnetlinkParser.Parse(_buffer.AsSpan(0, received), out doneSequence, out overrun);
                foreach (var message in messages)
                {
                    if (dump is not null && message.PortId == _portId && message.Sequence == dumpSequence)
                    {
                        dump.Add(message);
                    }
                    else if (_table.Apply(message) is { } linkEvent)
                    {
                        yield return linkEvent;
                    }
                }

                if (!lost && dump is not null && doneSequence == dumpSequence)
                {
                    _table.Replace(dump);
                    dump = null;
                }

                if (lost || overrun)
                {
                    yield return LinkEvent.Resync;

                    // A dump already running will finish on its own; the kernel refuses a second one (EBUSY).
                    if (dump is null)
                    {
                        dumpSequence = SendDumpRequest();
                        dump = [];
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Blocking dump at open: the map must be complete before the first event can be a rename.</summary>
    private void SeedNames()
    {
        var sequence = SendDumpRequest();
        var dump = new List<LinkMessage>();
        _socket.ReceiveTimeout = (int)SeedTimeout.TotalMilliseconds;
        try
        {
            while (true)
            {
                var received = _socket.Receive(_buffer);
                var messages = RtnetlinkParser.Parse(_buffer.AsSpan(0, received), out var doneSequence, out _);
                foreach (var message in messages)
                {
                    if (message.PortId == _portId && message.Sequence == sequence)
                    {
                        dump.Add(message);
                    }
                    else
                    {
                        // A notification that raced the dump: replay it to the first reader.
                        _pending.Enqueue(message);
                    }
                }

                if (doneSequence == sequence)
                {
                    break;
                }
            }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable)
        {
            // Degrade: without the names a rename is reported without its old name, nothing worse.
        }
        finally
        {
            _socket.ReceiveTimeout = 0;
        }

        _table.Replace(dump);
    }

    private uint SendDumpRequest()
    {
        var sequence = ++_sequence;
        Span<byte> request = stackalloc byte[Marshal.SizeOf<nlmsghdr>() + Marshal.SizeOf<ifinfomsg>()];
        request.Clear();
        var header = new nlmsghdr
        {
            nlmsg_len = (uint)request.Length,
            nlmsg_type = Interop.Rtnetlink.RTM_GETLINK,
            nlmsg_flags = Interop.Rtnetlink.NLM_F_REQUEST | Interop.Rtnetlink.NLM_F_DUMP,
            nlmsg_seq = sequence,
        };
        MemoryMarshal.Write(request, in header);
        var info = new ifinfomsg { ifi_family = Interop.Rtnetlink.AF_UNSPEC };
        MemoryMarshal.Write(request[Marshal.SizeOf<nlmsghdr>()..], in info);
        _socket.Send(request);
        return sequence;
    }

    private static IOException Failure(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}

using System.Net.Sockets;
using Nictune.Core.Model;

namespace Nictune.Linux.Netlink;

/// <summary>
/// Every interface's counters from one rtnetlink RTM_GETLINK dump (IFLA_STATS64 and IFLA_TXQLEN): one request and a
/// few datagrams for all interfaces, where sysfs would take a file read per counter per interface. The socket is
/// opened once and reused for every dump; it belongs to the network namespace of the thread that opened it.
/// </summary>
/// <remarks>
/// The socket joins no multicast group, so nothing but the replies to our own requests arrives on it. A dump the
/// kernel flags as interrupted (links changed while it ran) is asked for again, a bounded number of times; the last
/// one is used even if it was interrupted, since a counter read a moment late is still right.
/// </remarks>
public sealed class LinkStatisticsReader : IDisposable
{
    // Large enough for any datagram the kernel sends: a dump skb is at most 32 KiB.
    private const int BufferSize = 64 * 1024;
    private const int MaxAttempts = 3;
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly uint _portId;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize);
    private readonly Lock _gate = new();
    private uint _sequence = (uint)Environment.TickCount;

    private LinkStatisticsReader(Socket socket, uint portId)
    {
        _socket = socket;
        _portId = portId;
    }

    /// <exception cref="IOException">The netlink socket could not be created or bound.</exception>
    public static LinkStatisticsReader Open()
    {
        var (socket, portId) = RouteSocket.Open(groups: 0);
        socket.ReceiveTimeout = (int)ReplyTimeout.TotalMilliseconds;
        return new LinkStatisticsReader(socket, portId);
    }

    /// <summary>Every interface with its counters, in the kernel's order (by ifindex).</summary>
    /// <exception cref="IOException">The kernel failed the dump, or did not answer in time.</exception>
    public IReadOnlyList<LinkStatistics> Dump()
    {
        lock (_gate)
        {
            for (var attempt = 1; ; attempt++)
            {
                var (links, interrupted) = DumpOnce();
                if (!interrupted || attempt == MaxAttempts)
                {
                    return links;
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private (List<LinkStatistics> Links, bool Interrupted) DumpOnce()
    {
        var sequence = SendRequest();
        var links = new Dictionary<int, LinkStatistics>();
        var interrupted = false;
        while (true)
        {
            int received;
            try
            {
                received = _socket.Receive(_buffer);
            }
            catch (SocketException e)
            {
                throw new IOException($"RTM_GETLINK dump: {e.Message}", e);
            }

            var parsed = RtnetlinkParser.Parse(_buffer.AsSpan(0, received));
            interrupted |= parsed.Overrun || parsed.InterruptedSequence == sequence;
            foreach (var message in parsed.Messages)
            {
                // Replies to an earlier request that timed out carry an older sequence number: not ours.
                if (message.Sequence == sequence && message.PortId == _portId && message.Name is { } name)
                {
                    links[message.IfIndex] = new LinkStatistics(message.IfIndex, name, message.TxQueueLength, message.Counters);
                }
            }

            if (parsed.End is { } end && end.Sequence == sequence)
            {
                if (!end.Succeeded)
                {
                    throw new IOException($"RTM_GETLINK dump failed: {Interop.Errors.Describe(end.Errno)}");
                }

                return ([.. links.Values.OrderBy(l => l.IfIndex)], interrupted);
            }
        }
    }

    private uint SendRequest()
    {
        var sequence = ++_sequence;
        RouteSocket.SendLinkDumpRequest(_socket, sequence);
        return sequence;
    }
}

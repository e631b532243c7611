using Tmds.Linux;
using static Nictune.Linux.Interop.Netlink;

namespace Nictune.Linux.Netlink;

/// <summary>
/// RTM_GETLINK dumps on one NETLINK_ROUTE socket, read synchronously: what the statistics reader and live discovery
/// share. The socket is a plain descriptor (no <see cref="System.Net.Sockets.Socket"/>: a one-shot CLI run pays for
/// nothing but socket, setsockopt, and per dump one send and a few receives), created at <see cref="Open"/>; it
/// belongs to the network namespace of the thread that opened it.
/// </summary>
/// <remarks>
/// The socket joins no multicast group and is never bound by hand (the kernel gives it a port at the first send), so
/// only unicast datagrams reach it; those not from the kernel (source port 0) are dropped, and so are replies that do
/// not carry the current request's sequence number (an earlier request that timed out). A dump the kernel flags as
/// interrupted (links changed while it ran) is asked for again, a bounded number of times; the last one is used even
/// if it was interrupted: each message is still one link's state at one moment, as a walk of sysfs would be.
/// </remarks>
internal sealed unsafe class LinkDumper : IDisposable
{
    // Large enough for any datagram the kernel sends: a dump skb is at most 32 KiB (netlink_dump's max_recvmsg_len).
    private const int BufferSize = 64 * 1024;
    private const int MaxAttempts = 3;
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    private readonly SafeFileDescriptor _socket;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize);
    private readonly Lock _gate = new();
    private uint _sequence = (uint)Environment.TickCount;

    private LinkDumper(SafeFileDescriptor socket) => _socket = socket;

    /// <exception cref="IOException">The netlink socket could not be created or configured.</exception>
    public static LinkDumper Open() => new(RouteSocket.OpenRequestSocket(ReplyTimeout));

    /// <summary>Every link's RTM_NEWLINK, in the kernel's order (by ifindex).</summary>
    /// <param name="extFilterMask">IFLA_EXT_MASK for the request (RTEXT_FILTER_*); 0 for none.</param>
    /// <exception cref="IOException">The kernel failed the dump, or did not answer in time.</exception>
    public IReadOnlyList<LinkMessage> Dump(uint extFilterMask)
    {
        lock (_gate)
        {
            for (var attempt = 1; ; attempt++)
            {
                var (links, interrupted) = DumpOnce(extFilterMask);
                if (!interrupted || attempt == MaxAttempts)
                {
                    return links;
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private (List<LinkMessage> Links, bool Interrupted) DumpOnce(uint extFilterMask)
    {
        ObjectDisposedException.ThrowIf(_socket.IsClosed, this);
        using var lease = _socket.Lease();
        var sequence = ++_sequence;
        Send(lease.Fd, sequence, extFilterMask);
        var links = new List<LinkMessage>();
        var interrupted = false;
        while (true)
        {
            var received = Receive(lease.Fd, out var fromKernel);
            if (!fromKernel)
            {
                continue;
            }

            var parsed = RtnetlinkParser.Parse(_buffer.AsSpan(0, received));
            interrupted |= parsed.Overrun || parsed.InterruptedSequence == sequence;
            foreach (var message in parsed.Messages)
            {
                if (message.Sequence == sequence && message.Type == Interop.Rtnetlink.RTM_NEWLINK && message.Name is not null)
                {
                    links.Add(message);
                }
            }

            if (parsed.End is { } end && end.Sequence == sequence)
            {
                return end.Succeeded
                    ? (links, interrupted)
                    : throw new IOException($"RTM_GETLINK dump failed: {Interop.Errors.Describe(end.Errno)}");
            }
        }
    }

    private static void Send(int fd, uint sequence, uint extFilterMask)
    {
        Span<byte> request = stackalloc byte[RouteSocket.LinkDumpRequestMaxSize];
        var length = RouteSocket.WriteLinkDumpRequest(request, sequence, extFilterMask);
        fixed (byte* p = request)
        {
            // An unconnected netlink socket sends to the kernel (port 0) when no address is given.
            while (LibC.send(fd, p, length, 0) < 0)
            {
                if (Interop.Errors.LastErrno() != Nictune.Core.Tuning.Errnos.EINTR)
                {
                    throw Failure("send(RTM_GETLINK)");
                }
            }
        }
    }

    private int Receive(int fd, out bool fromKernel) =>
        RouteSocket.Receive(fd, _buffer, "RTM_GETLINK dump", ReplyTimeout, out fromKernel);

    private static IOException Failure(string call) =>
        new($"{call} failed: {Interop.Errors.Describe(Interop.Errors.LastErrno())}");
}

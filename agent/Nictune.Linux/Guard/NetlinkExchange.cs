using System.Runtime.InteropServices;
using Nictune.Linux.Netlink;
using Tmds.Linux;
using static Nictune.Linux.Interop.Netlink;

namespace Nictune.Linux.Guard;

/// <summary>
/// One rtnetlink request and its answer, on a NETLINK_ROUTE socket opened for it and closed after (the guard asks a
/// few questions per changed interface, so nothing is kept open): the messages the kernel answered with, up to
/// NLMSG_DONE for a dump or the NLMSG_ERROR that acknowledges or fails any other request (which must carry
/// NLM_F_ACK). The socket belongs to the network namespace of the calling thread.
/// </summary>
internal static unsafe class NetlinkExchange
{
    // Large enough for any datagram the kernel sends: a dump skb is at most 32 KiB (netlink_dump's max_recvmsg_len).
    private const int BufferSize = 64 * 1024;
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);
    private static readonly int HeaderSize = Marshal.SizeOf<nlmsghdr>();
    private static readonly int AttributeHeaderSize = Marshal.SizeOf<rtattr>();

    /// <summary>One message of the answer: its type and what follows its header.</summary>
    internal sealed record Message(ushort Type, byte[] Payload);

    /// <summary>A request: the header (its length filled in), <paramref name="body"/>, and one attribute when <paramref name="attributeType"/> is not 0.</summary>
    public static byte[] Request<T>(ushort type, ushort flags, T body, ushort attributeType, ReadOnlySpan<byte> attributeValue)
        where T : unmanaged
    {
        var bodySize = Interop.Rtnetlink.NLMSG_ALIGN(sizeof(T));
        var attributeSize = attributeType == 0 ? 0 : Interop.Rtnetlink.RTA_ALIGN(AttributeHeaderSize + attributeValue.Length);
        var request = new byte[HeaderSize + bodySize + attributeSize];
        var header = new nlmsghdr { nlmsg_len = (uint)request.Length, nlmsg_type = type, nlmsg_flags = (ushort)(Interop.Rtnetlink.NLM_F_REQUEST | flags) };
        MemoryMarshal.Write(request, in header);
        MemoryMarshal.Write(request.AsSpan(HeaderSize), in body);
        if (attributeType != 0)
        {
            var attribute = new rtattr { rta_len = (ushort)(AttributeHeaderSize + attributeValue.Length), rta_type = attributeType };
            MemoryMarshal.Write(request.AsSpan(HeaderSize + bodySize), in attribute);
            attributeValue.CopyTo(request.AsSpan(HeaderSize + bodySize + AttributeHeaderSize));
        }

        return request;
    }

    /// <summary>Sends <paramref name="request"/> and returns the messages of its answer and the errno it ended with (0: success).</summary>
    /// <exception cref="IOException">The socket failed, or the kernel did not answer in time.</exception>
    public static (List<Message> Messages, int Errno) Send(byte[] request)
    {
        using var socket = RouteSocket.OpenRequestSocket(ReplyTimeout);
        using var lease = socket.Lease();
        var fd = lease.Fd;
        var sequence = (uint)Environment.TickCount;
        MemoryMarshal.Write(request.AsSpan(8), in sequence); // nlmsghdr.nlmsg_seq
        fixed (byte* p = request)
        {
            while (LibC.send(fd, p, request.Length, 0) < 0)
            {
                if (Interop.Errors.LastErrno() != Nictune.Core.Tuning.Errnos.EINTR)
                {
                    throw Failure("send");
                }
            }
        }

        var buffer = GC.AllocateUninitializedArray<byte>(BufferSize);
        var messages = new List<Message>();
        while (true)
        {
            var received = RouteSocket.Receive(fd, buffer, "rtnetlink", ReplyTimeout, out var fromKernel);
            if (!fromKernel)
            {
                continue;
            }

            foreach (var message in new MessageReader(buffer.AsSpan(0, received)))
            {
                var header = message.Header;
                if (header.nlmsg_seq == sequence)
                {
                    var payload = message.Payload;
                    switch (header.nlmsg_type)
                    {
                        case Interop.Rtnetlink.NLMSG_DONE:
                            return (messages, payload.Length >= sizeof(int) ? -MemoryMarshal.Read<int>(payload) : 0);
                        case Interop.Rtnetlink.NLMSG_ERROR:
                            // 0 acknowledges the request; a truncated error still is one.
                            return (messages, payload.Length >= sizeof(int) ? -MemoryMarshal.Read<int>(payload) : Nictune.Core.Tuning.Errnos.EIO);
                        default:
                            messages.Add(new Message(header.nlmsg_type, payload.ToArray()));
                            break;
                    }
                }
            }
        }
    }

    private static IOException Failure(string call) =>
        new($"{call} failed: {Interop.Errors.Describe(Interop.Errors.LastErrno())}");
}

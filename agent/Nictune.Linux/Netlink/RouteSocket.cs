using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tmds.Linux;
using static Nictune.Linux.Interop.Netlink;

namespace Nictune.Linux.Netlink;

/// <summary>
/// What the link monitor and the statistics dump share: opening an AF_NETLINK / NETLINK_ROUTE socket (created and
/// bound with Tmds.LibC, since .NET has no AddressFamily for netlink, then wrapped in a <see cref="Socket"/>) and sending
/// an RTM_GETLINK dump request on it.
/// </summary>
internal static class RouteSocket
{
    /// <summary>A bound route socket and the port id the kernel gave it (replies to our requests carry it).</summary>
    /// <param name="groups">The multicast groups to join (<c>sockaddr_nl.nl_groups</c>); 0 for requests only.</param>
    /// <exception cref="IOException">socket, bind or getsockname failed.</exception>
    public static unsafe (Socket Socket, uint PortId) Open(uint groups)
    {
        var fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, Interop.Netlink.NETLINK_ROUTE);
        if (fd < 0)
        {
            throw Failure("socket(AF_NETLINK, NETLINK_ROUTE)");
        }

        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        try
        {
            var address = new sockaddr_nl { nl_family = (ushort)(int)LibC.AF_NETLINK, nl_groups = groups };
            // handle owns fd (closing it on failure) and is not shared yet, so the plain number is safe to use here.
            if (LibC.bind(fd, (sockaddr*)&address, sizeof(sockaddr_nl)) != 0)
            {
                throw Failure(groups == 0 ? "bind" : $"bind(groups 0x{groups:x})");
            }

            // The kernel picks our port id at bind; replies to our requests carry it, notifications do not.
            var bound = default(sockaddr_nl);
            socklen_t length = sizeof(sockaddr_nl);
            if (LibC.getsockname(fd, (sockaddr*)&bound, &length) != 0)
            {
                throw Failure("getsockname");
            }

            return (new Socket(handle), bound.nl_pid);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The largest request <see cref="WriteLinkDumpRequest"/> writes: header, ifinfomsg and one u32 attribute.</summary>
    public static readonly int LinkDumpRequestMaxSize =
        Marshal.SizeOf<nlmsghdr>() + Marshal.SizeOf<ifinfomsg>() + Marshal.SizeOf<rtattr>() + sizeof(uint);

    /// <summary>Sends RTM_GETLINK with NLM_F_DUMP for every link (family AF_UNSPEC).</summary>
    public static void SendLinkDumpRequest(Socket socket, uint sequence)
    {
        Span<byte> request = stackalloc byte[LinkDumpRequestMaxSize];
        socket.Send(request[..WriteLinkDumpRequest(request, sequence, extFilterMask: 0)]);
    }

    /// <summary>
    /// Writes an RTM_GETLINK dump request for every link (family AF_UNSPEC) into <paramref name="request"/>, with an
    /// IFLA_EXT_MASK attribute when <paramref name="extFilterMask"/> is not 0; its length.
    /// </summary>
    public static int WriteLinkDumpRequest(Span<byte> request, uint sequence, uint extFilterMask)
    {
        var headerSize = Marshal.SizeOf<nlmsghdr>();
        var infoSize = Marshal.SizeOf<ifinfomsg>();
        var length = extFilterMask == 0 ? headerSize + infoSize : LinkDumpRequestMaxSize;
        request = request[..length];
        request.Clear();
        var header = new nlmsghdr
        {
            nlmsg_len = (uint)length,
            nlmsg_type = Interop.Rtnetlink.RTM_GETLINK,
            nlmsg_flags = Interop.Rtnetlink.NLM_F_REQUEST | Interop.Rtnetlink.NLM_F_DUMP,
            nlmsg_seq = sequence,
        };
        MemoryMarshal.Write(request, in header);
        var info = new ifinfomsg { ifi_family = Interop.Rtnetlink.AF_UNSPEC };
        MemoryMarshal.Write(request[headerSize..], in info);
        if (extFilterMask != 0)
        {
            var attribute = new rtattr { rta_len = (ushort)(Marshal.SizeOf<rtattr>() + sizeof(uint)), rta_type = Interop.Rtnetlink.IFLA_EXT_MASK };
            MemoryMarshal.Write(request[(headerSize + infoSize)..], in attribute);
            MemoryMarshal.Write(request[(headerSize + infoSize + Marshal.SizeOf<rtattr>())..], in extFilterMask);
        }

        return length;
    }

    /// <summary>
    /// A NETLINK_ROUTE socket for requests, as a plain descriptor (bound by the kernel at the first send, in no
    /// multicast group) whose receives give up after <paramref name="timeout"/> (SO_RCVTIMEO): the kernel answers a
    /// request at once, so this only bounds a kernel that never answers.
    /// </summary>
    /// <exception cref="IOException">socket or setsockopt failed.</exception>
    public static unsafe SafeFileDescriptor OpenRequestSocket(TimeSpan timeout)
    {
        var fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, Interop.Netlink.NETLINK_ROUTE);
        if (fd < 0)
        {
            throw Failure("socket(AF_NETLINK, NETLINK_ROUTE)");
        }

        var socket = new SafeFileDescriptor(fd);
        var bound = new Interop.Time.timeval { tv_sec = (long)timeout.TotalSeconds };
        if (LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, &bound, (socklen_t)sizeof(Interop.Time.timeval)) != 0)
        {
            var failure = Failure("setsockopt(SO_RCVTIMEO)");
            socket.Dispose();
            throw failure;
        }

        return socket;
    }

    /// <summary>
    /// One recvfrom(2) on a request socket whose SO_RCVTIMEO bounds the wait, retried on EINTR: the datagram's length,
    /// and whether it came from the kernel (port 0). <paramref name="request"/> names the request in errors.
    /// </summary>
    /// <exception cref="IOException">recvfrom failed, or nothing came within <paramref name="timeout"/>.</exception>
    public static unsafe int Receive(int fd, byte[] buffer, string request, TimeSpan timeout, out bool fromKernel)
    {
        var source = default(sockaddr_nl);
        socklen_t length = sizeof(sockaddr_nl);
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var received = LibC.recvfrom(fd, p, buffer.Length, 0, (sockaddr*)&source, &length);
                if (received >= 0)
                {
                    fromKernel = source.nl_pid == 0;
                    return (int)received;
                }

                var errno = Interop.Errors.LastErrno();
                if (errno == Nictune.Core.Tuning.Errnos.EAGAIN)
                {
                    throw new IOException($"{request}: no answer from the kernel in {timeout.TotalSeconds:0} s");
                }

                if (errno != Nictune.Core.Tuning.Errnos.EINTR)
                {
                    throw Failure($"recvfrom({request})");
                }
            }
        }
    }

    private static IOException Failure(string call) =>
        new($"{call} failed: {Interop.Errors.Describe(Interop.Errors.LastErrno())}");
}

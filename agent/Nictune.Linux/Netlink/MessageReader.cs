using System.Runtime.InteropServices;
using static Nictune.Linux.Interop.Netlink;

namespace Nictune.Linux.Netlink;

/// <summary>
/// The messages of one netlink datagram, in order: each header and the payload that follows it. A malformed length
/// ends the walk rather than throwing (the kernel does not send one); what came before it is still read.
/// </summary>
internal ref struct MessageReader(ReadOnlySpan<byte> datagram)
{
    private static readonly int HeaderSize = Marshal.SizeOf<nlmsghdr>();

    private ReadOnlySpan<byte> _rest = datagram;

    public Message Current { get; private set; }

    public readonly MessageReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.Length < HeaderSize)
        {
            return false;
        }

        var header = MemoryMarshal.Read<nlmsghdr>(_rest);
        var length = (int)Math.Min(header.nlmsg_len, int.MaxValue);
        if (length < HeaderSize || length > _rest.Length)
        {
            _rest = default;
            return false;
        }

        Current = new Message(header, _rest[HeaderSize..length]);
        var next = Interop.Rtnetlink.NLMSG_ALIGN(length);
        _rest = next >= _rest.Length ? default : _rest[next..];
        return true;
    }

    /// <summary>One message: its header and what follows it, up to its length.</summary>
    internal readonly ref struct Message(nlmsghdr header, ReadOnlySpan<byte> payload)
    {
        public nlmsghdr Header { get; } = header;

        public ReadOnlySpan<byte> Payload { get; } = payload;
    }
}

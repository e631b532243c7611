using System.Runtime.InteropServices;
using static Nictune.Linux.Interop.Netlink;

namespace Nictune.Linux.Netlink;

/// <summary>
/// The rtattrs of a route message's attribute area, or of a nested attribute, in order: each attribute's type (flags
/// masked off) and value. A length that is too short or runs past the end stops the walk: the kernel sends none, and
/// a parser must not throw on a bad datagram (<see cref="RtnetlinkParser"/>).
/// </summary>
internal ref struct AttributeReader(ReadOnlySpan<byte> attributes)
{
    private static readonly int HeaderSize = Marshal.SizeOf<rtattr>();

    private ReadOnlySpan<byte> _rest = attributes;

    public Attribute Current { get; private set; }

    public readonly AttributeReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.Length < HeaderSize)
        {
            return false;
        }

        var attribute = MemoryMarshal.Read<rtattr>(_rest);
        if (attribute.rta_len < HeaderSize || attribute.rta_len > _rest.Length)
        {
            _rest = default;
            return false;
        }

        Current = new Attribute(Interop.Rtnetlink.AttributeType(attribute.rta_type), _rest[HeaderSize..attribute.rta_len]);
        var next = Interop.Rtnetlink.RTA_ALIGN(attribute.rta_len);
        _rest = next >= _rest.Length ? default : _rest[next..];
        return true;
    }

    /// <summary>One attribute: its type without the flag bits, and its value.</summary>
    internal readonly ref struct Attribute(ushort type, ReadOnlySpan<byte> value)
    {
        public ushort Type { get; } = type;

        public ReadOnlySpan<byte> Value { get; } = value;

        public void Deconstruct(out ushort type, out ReadOnlySpan<byte> value)
        {
            type = Type;
            value = Value;
        }
    }
}

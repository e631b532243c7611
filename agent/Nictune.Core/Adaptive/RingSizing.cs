using System.Numerics;
using Nictune.Core.Classification;

namespace Nictune.Core.Adaptive;

/// <summary>
/// The next rx ring size an adaptive step asks for: one doubling, clamped to the device maximum, in a value the
/// driver holds as asked (docs/drivers.md §4, §5 and §10), so that the read-back matches the wish.
/// </summary>
public static class RingSizing
{
    /// <summary>ENA_MIN_RING_SIZE in drivers/net/ethernet/amazon/ena/ena_netdev.h.</summary>
    private const long EnaMinimum = 256;

    /// <summary>vmxnet3 before revision 7 sizes rx ring 1 in multiples of 32 × buffers per packet (§5).</summary>
    private const long Vmxnet3Alignment = 32;

    /// <summary>VMXNET3_MAX_SKB_BUF_SIZE and VMXNET3_MAX_ETH_HDR_SIZE (vmxnet3_int.h), for buffers per packet.</summary>
    private const long Vmxnet3SkbBuffer = 3 * 1024;
    private const long Vmxnet3HeaderRoom = 22;
    private const long PageSize = 4096;

    /// <summary>
    /// The size to grow to, or null when nothing larger than <paramref name="current"/> can be held (the ring is at
    /// its maximum as the driver counts it).
    /// </summary>
    /// <param name="driver">The interface's driver.</param>
    /// <param name="mtu">Its MTU, when known (vmxnet3 sizes ring 1 by the buffers a packet takes).</param>
    /// <param name="current">The rx ring size it holds.</param>
    /// <param name="maximum">The maximum the driver reports.</param>
    public static long? Next(string? driver, int? mtu, long current, long maximum)
    {
        if (current <= 0 || maximum <= current)
        {
            return null;
        }

        var wish = current > maximum / 2 ? maximum : current * 2;
        var held = driver switch
        {
            DriverNames.Vmxnet3 => Vmxnet3(wish, current, maximum, mtu),
            DriverNames.Ena => FloorPowerOfTwo(Math.Max(wish, EnaMinimum)),
            DriverNames.Mlx5Core or DriverNames.Mana => CeilingPowerOfTwoWithin(wish, maximum),
            DriverNames.Iavf or DriverNames.I40evf => AlignUpWithin(wish, 32, maximum),
            DriverNames.E1000 or DriverNames.E1000e or DriverNames.Ixgbevf => AlignUpWithin(wish, 8, maximum),
            _ => wish,
        };
        return held > current && held <= maximum ? held : null;
    }

    /// <summary>
    /// vmxnet3 holds powers of two from revision 7 (rounded down) and multiples of 32 × buffers per packet before
    /// (rounded up). A power of two held now means revision 7, or an MTU where a packet takes one buffer: doubling it
    /// is held by both rules. Anything else is an older revision, whose alignment the MTU decides.
    /// </summary>
    private static long Vmxnet3(long wish, long current, long maximum, int? mtu)
    {
        if (BitOperations.IsPow2(current))
        {
            return FloorPowerOfTwo(wish);
        }

        return AlignUpWithin(wish, Vmxnet3Alignment * Vmxnet3BuffersPerPacket(mtu ?? 1500), maximum);
    }

    /// <summary>vmxnet3_adjust_rx_ring_size() in vmxnet3_drv.c: one buffer up to 3 KiB, then pages for the rest.</summary>
    internal static long Vmxnet3BuffersPerPacket(int mtu)
    {
        var frame = mtu + Vmxnet3HeaderRoom;
        return frame <= Vmxnet3SkbBuffer ? 1 : 1 + ((frame - Vmxnet3SkbBuffer + PageSize - 1) / PageSize);
    }

    private static long FloorPowerOfTwo(long value) => value <= 0 ? 0 : (long)BitOperations.RoundUpToPowerOf2((ulong)value + 1) / 2;

    private static long CeilingPowerOfTwoWithin(long value, long maximum)
    {
        var up = (long)BitOperations.RoundUpToPowerOf2((ulong)value);
        return up <= maximum ? up : FloorPowerOfTwo(maximum);
    }

    private static long AlignUpWithin(long value, long alignment, long maximum)
    {
        var up = (value + alignment - 1) / alignment * alignment;
        return up <= maximum ? up : maximum / alignment * alignment;
    }
}

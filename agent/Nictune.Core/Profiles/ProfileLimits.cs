namespace Nictune.Core.Profiles;

/// <summary>
/// The bounds of every numeric profile field (<see cref="Catalog.SettingCatalog"/> gives each setting its own). They catch typos and absurd values at load time; the device's own
/// maximum (reported by ethtool, enforced by the kernel with EINVAL) is still checked at plan time. Each upper bound
/// sits well above every real driver listed in docs/drivers.md §4, so no legitimate value is refused.
/// </summary>
public static class ProfileLimits
{
    /// <summary>
    /// 65536 descriptors. The largest ring any guest driver reports is hv_netvsc's rx 18811 (ena: 16K, mlx5: 8192);
    /// 65536 is over three times that and still a power of two. rx and tx must be at least 1: no driver runs with an
    /// empty ring (vmxnet3 answers EINVAL). rx-mini and rx-jumbo may be 0 (vmxnet3's rx-mini 0 disables the data ring).
    /// </summary>
    public const long RingMax = 65536;

    /// <summary>
    /// 1024 queues. The largest channel count among the drivers we target is mlx5's 256 (ena 32, netvsc 64); 1024 leaves
    /// room for bigger hardware while catching a CPU mask or a byte count typed by mistake.
    /// </summary>
    public const long ChannelsMax = 1024;

    /// <summary>
    /// 100 ms. The largest interrupt delay a driver accepts is e1000's 10000 µs (iavf 8160, ixgbevf 1022); a tenth of
    /// a second ten times beyond that would stall every interactive flow and is never a tuning value.
    /// </summary>
    public const long UsecsMax = 100_000;

    /// <summary>65536 frames: no coalescing threshold can usefully exceed the largest ring it counts frames from.</summary>
    public const long FramesMax = RingMax;

    /// <summary>
    /// One million packets: a thousand times the kernel's default of 1000. At 1500 bytes a packet that is 1.5 GB of
    /// queued data per device, far into bufferbloat; anything larger is a mistake.
    /// </summary>
    public const long TxQueueLenMax = 1_000_000;

    /// <summary>
    /// 1 &lt;&lt; 20 flows per receive queue. Red Hat's RFS guidance sizes the global rps_sock_flow_entries at 32768 and
    /// divides it among queues; the kernel rounds rps_flow_cnt up to a power of two and allocates 8 bytes per entry, so
    /// 2^20 (8 MiB per queue) is already generous.
    /// </summary>
    public const long FlowCountMax = 1 << 20;

    /// <summary>rps.flow-count, per receive queue (a queue family's value, not one of the catalog's fixed settings).</summary>
    public static readonly NumericField FlowCount = new("flow-count", 0, FlowCountMax, SymbolNote: "rps_flow_cnt has no device maximum");
}

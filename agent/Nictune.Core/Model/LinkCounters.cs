namespace Nictune.Core.Model;

/// <summary>
/// The kernel's 64-bit counters of one interface (IFLA_STATS64, <c>struct rtnl_link_stats64</c>). The missed, FIFO
/// and over errors are kept apart from drops: they are where a too-small ring or a slow consumer shows.
/// </summary>
public readonly record struct LinkCounters(
    ulong RxBytes,
    ulong RxPackets,
    ulong RxErrors,
    ulong RxDropped,
    ulong RxMissedErrors,
    ulong RxFifoErrors,
    ulong RxOverErrors,
    ulong TxBytes,
    ulong TxPackets,
    ulong TxErrors,
    ulong TxDropped);

using Nictune.Core.Model;

namespace Nictune.Linux.Netlink;

/// <summary>
/// Every interface's counters from one rtnetlink RTM_GETLINK dump (IFLA_STATS64 and IFLA_TXQLEN): one request and a
/// few datagrams for all interfaces, where sysfs would take a file read per counter per interface. The socket is
/// opened once and reused for every dump (<see cref="LinkDumper"/>); it belongs to the network namespace of the
/// thread that opened it.
/// </summary>
public sealed class LinkStatisticsReader : IDisposable
{
    private readonly LinkDumper _dumper;

    private LinkStatisticsReader(LinkDumper dumper) => _dumper = dumper;

    /// <exception cref="IOException">The netlink socket could not be created.</exception>
    public static LinkStatisticsReader Open() => new(LinkDumper.Open());

    /// <summary>Every interface with its counters, in the kernel's order (by ifindex).</summary>
    /// <exception cref="IOException">The kernel failed the dump, or did not answer in time.</exception>
    public IReadOnlyList<LinkStatistics> Dump() =>
        [.. _dumper.Dump(extFilterMask: 0)
            .DistinctBy(l => l.IfIndex)
            .OrderBy(l => l.IfIndex)
            .Select(l => new LinkStatistics(l.IfIndex, l.Name!, l.TxQueueLength, l.Counters))];

    public void Dispose() => _dumper.Dispose();
}

using Nictune.Core.Classification;

namespace Nictune.Core.Statistics;

/// <summary>
/// The one table that maps drivers' ethtool statistics (<c>ethtool -S</c>, ETH_SS_STATS) into the common families
/// of <see cref="DriverCounter"/>. Every name below is quoted from the driver's source; docs/metrics.md ("Driver
/// counters") lists them with the file each comes from, and docs/drivers.md §9 points there.
/// </summary>
/// <remarks>
/// vmxnet3 repeats the same names for every queue after marker rows (docs/drivers.md §5), so it is parsed by
/// position, never by name.
/// A device-wide statistic and per-queue ones may both exist for the same family (mlx5 sums its channels into
/// device-wide names): the device-wide value then stands for the device, and the per-queue ones only give the split.
/// </remarks>
public static partial class DriverStatisticsMap
{
    /// <summary>drivers/net/vmxnet3/vmxnet3_ethtool.c: the marker rows that start each queue's block.</summary>
    internal const string Vmxnet3TxQueueMarker = "Tx Queue#";
    internal const string Vmxnet3RxQueueMarker = "Rx Queue#";

    /// <summary>veth is software (no DriverNames entry), but its per-queue drops make the table testable.</summary>
    internal const string Veth = "veth";

    /// <summary>vmxnet3's names inside a queue block, indented in the driver's table (compared trimmed).</summary>
    private static readonly Dictionary<string, DriverCounter> Vmxnet3TxNames = new(StringComparer.Ordinal)
    {
        ["ring full"] = DriverCounter.TxRingFull,
        ["drv dropped tx total"] = DriverCounter.TxDriverDropped,
    };

    private static readonly Dictionary<string, DriverCounter> Vmxnet3RxNames = new(StringComparer.Ordinal)
    {
        ["pkts rx OOB"] = DriverCounter.RxOutOfBuffer,
        ["drv dropped rx total"] = DriverCounter.RxDriverDropped,
        ["rx buf alloc fail"] = DriverCounter.RxBufferAllocationFailures,
    };

    private static readonly DriverStatisticRule[] IntelGigabit =
    [
        DriverStatisticRule.Exact("alloc_rx_buff_failed", DriverCounter.RxBufferAllocationFailures),
        DriverStatisticRule.Exact("tx_restart_queue", DriverCounter.TxRingFull),
    ];

    private static readonly Dictionary<string, DriverStatisticRule[]> Rules = new(StringComparer.Ordinal)
    {
        // drivers/net/ethernet/mellanox/mlx5/core/en_stats.c: per-channel rxN_/txN_ and the vport's q counter.
        [DriverNames.Mlx5Core] =
        [
            DriverStatisticRule.Exact("rx_out_of_buffer", DriverCounter.RxOutOfBuffer),
            DriverStatisticRule.Exact("rx_buff_alloc_err", DriverCounter.RxBufferAllocationFailures),
            DriverStatisticRule.PerQueue("rx", "_buff_alloc_err", DriverCounter.RxBufferAllocationFailures),
            DriverStatisticRule.Exact("tx_queue_stopped", DriverCounter.TxRingFull),
            DriverStatisticRule.PerQueue("tx", "_stopped", DriverCounter.TxRingFull),
            DriverStatisticRule.Exact("tx_queue_dropped", DriverCounter.TxDriverDropped),
            DriverStatisticRule.PerQueue("tx", "_dropped", DriverCounter.TxDriverDropped),
        ],

        // drivers/net/ethernet/intel/ixgbevf/ethtool.c: ixgbevf_gstrings_stats (device-wide only).
        [DriverNames.Ixgbevf] =
        [
            DriverStatisticRule.Exact("alloc_rx_buff_failed", DriverCounter.RxBufferAllocationFailures),
            DriverStatisticRule.Exact("alloc_rx_page_failed", DriverCounter.RxBufferAllocationFailures),
            DriverStatisticRule.Exact("tx_busy", DriverCounter.TxRingFull),
        ],

        // drivers/net/ethernet/intel/e1000/e1000_ethtool.c and e1000e/ethtool.c: the same names in both (device-wide).
        // tx_restart_queue counts the restarts of a queue stopped for a full tx ring (one per such stop).
        [DriverNames.E1000] = IntelGigabit,
        [DriverNames.E1000e] = IntelGigabit,

        // drivers/net/ethernet/intel/iavf/iavf_ethtool.c: iavf_gstrings_stats, the VSI's virtchnl_eth_stats.
        [DriverNames.Iavf] =
        [
            DriverStatisticRule.Exact("rx_discards", DriverCounter.RxOutOfBuffer),
            DriverStatisticRule.Exact("tx_discards", DriverCounter.TxDriverDropped),
        ],

        // drivers/net/ethernet/amazon/ena/ena_ethtool.c: queue_N_{tx,rx}_* and the ENI allowance counters.
        [DriverNames.Ena] =
        [
            DriverStatisticRule.PerQueue("queue_", "_tx_queue_stop", DriverCounter.TxRingFull),
            DriverStatisticRule.PerQueue("queue_", "_rx_page_alloc_fail", DriverCounter.RxBufferAllocationFailures),
            DriverStatisticRule.PerQueue("queue_", "_rx_skb_alloc_fail", DriverCounter.RxBufferAllocationFailures),
            DriverStatisticRule.Allowance(["bw_in", "bw_out", "pps", "conntrack", "linklocal"], "_allowance_exceeded", DriverCounter.AllowanceExceeded),
        ],

        // drivers/net/virtio_net.c: the driver's per-queue rx_queue_N_drops, and the device's own
        // rxN_hw_drop_overruns (VIRTIO_NET_F_DEVICE_STATS, Linux 6.10+).
        [DriverNames.VirtioNet] =
        [
            DriverStatisticRule.PerQueue("rx_queue_", "_drops", DriverCounter.RxDriverDropped),
            DriverStatisticRule.PerQueue("rx", "_hw_drop_overruns", DriverCounter.RxOutOfBuffer),
        ],

        // drivers/net/veth.c: veth_rq_stats_desc. Not a guest NIC, but the one our test namespaces have.
        [Veth] =
        [
            DriverStatisticRule.PerQueue("rx_queue_", "_drops", DriverCounter.RxDriverDropped),
        ],
    };

    /// <summary>The drivers the table knows (vmxnet3 included): only their statistics are worth a GSTATS per scrape.</summary>
    public static IReadOnlySet<string> Drivers { get; } = new HashSet<string>(Rules.Keys.Append(DriverNames.Vmxnet3), StringComparer.Ordinal);

    /// <summary>
    /// The statistics of <paramref name="names"/> (in the driver's order) that map to a common family. Computed
    /// once per device and string table, not per scrape: the values then are read by index.
    /// </summary>
    public static IReadOnlyList<MappedStatistic> Map(string? driver, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (driver == DriverNames.Vmxnet3)
        {
            return MapVmxnet3(names);
        }

        if (driver is null || !Rules.TryGetValue(driver, out var rules))
        {
            return [];
        }

        var mapped = new List<MappedStatistic>();
        for (var i = 0; i < names.Count; i++)
        {
            foreach (var rule in rules)
            {
                if (!rule.TryMatch(names[i], out var queue, out var allowance))
                {
                    continue;
                }

                mapped.Add(new MappedStatistic(i, rule.Counter, queue, allowance));
                break;
            }
        }

        return mapped;
    }

    /// <summary>
    /// vmxnet3: <c>Tx Queue#</c> blocks for every tx queue, then <c>Rx Queue#</c> blocks for every rx queue, then the
    /// global rows. The n-th marker of a direction starts queue n, and each name inside a block belongs to it.
    /// </summary>
    private static List<MappedStatistic> MapVmxnet3(IReadOnlyList<string> names)
    {
        var mapped = new List<MappedStatistic>();
        Dictionary<string, DriverCounter>? block = null;
        int txQueues = 0, rxQueues = 0, queue = -1;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (name == Vmxnet3TxQueueMarker)
            {
                (block, queue) = (Vmxnet3TxNames, txQueues++);
            }
            else if (name == Vmxnet3RxQueueMarker)
            {
                (block, queue) = (Vmxnet3RxNames, rxQueues++);
            }
            else if (names[i].Length > 0 && names[i][0] != ' ')
            {
                // An unindented row after the queue blocks: a global statistic (tx timeout count).
                block = null;
            }
            else if (block is not null && block.TryGetValue(name, out var counter))
            {
                mapped.Add(new MappedStatistic(i, counter, queue));
            }
        }

        return mapped;
    }
}

using Nictune.Core.Statistics;
using Xunit;

namespace Nictune.Tests.Metrics;

/// <summary>
/// The driver statistics map on string tables as <c>ethtool -S</c> prints them. The fixtures are built from the
/// drivers' own string tables (vmxnet3_ethtool.c's vmxnet3_{tq,rq}_{dev,driver}_stats with the 6.x XDP rows; mlx5's
/// en_stats.c sw, q-counter and per-channel names), with values that encode queue and statistic so a mix-up shows.
/// </summary>
public sealed class DriverStatisticsMapTests
{
    [Fact]
    public void Vmxnet3_repeated_names_are_assigned_to_queues_by_position()
    {
        var (names, values) = EthtoolStatisticsText.Load("vmxnet3-4q.ethtool-S.txt");

        var mapped = DriverStatisticsMap.Map("vmxnet3", names);

        // Four queues each way, and the same trimmed name repeated per queue is never merged.
        Assert.Equal(
            [(DriverCounter.RxOutOfBuffer, 0, 21UL), (DriverCounter.RxOutOfBuffer, 1, 1021UL), (DriverCounter.RxOutOfBuffer, 2, 2021UL), (DriverCounter.RxOutOfBuffer, 3, 3021UL)],
            Select(mapped, values, DriverCounter.RxOutOfBuffer));
        Assert.Equal([11UL, 1011UL, 2011UL, 3011UL], Select(mapped, values, DriverCounter.TxRingFull).Select(m => m.Value));
        Assert.Equal([12UL, 1012UL, 2012UL, 3012UL], Select(mapped, values, DriverCounter.TxDriverDropped).Select(m => m.Value));
        Assert.Equal([22UL, 1022UL, 2022UL, 3022UL], Select(mapped, values, DriverCounter.RxDriverDropped).Select(m => m.Value));
        Assert.Equal([23UL, 1023UL, 2023UL, 3023UL], Select(mapped, values, DriverCounter.RxBufferAllocationFailures).Select(m => m.Value));
        // "giant hdr" appears twice per tx block (a drop cause and a count) and is not mapped at all.
        Assert.DoesNotContain(mapped, m => names[m.Index].Trim() == "giant hdr");
        Assert.Equal(20, mapped.Count);
    }

    [Fact]
    public void Vmxnet3_with_fewer_rx_than_tx_queues_numbers_each_direction_on_its_own()
    {
        string[] names = ["Tx Queue#", "  ring full", "Tx Queue#", "  ring full", "Rx Queue#", "  pkts rx OOB", "tx timeout count"];

        var mapped = DriverStatisticsMap.Map("vmxnet3", names);

        Assert.Equal([(DriverCounter.TxRingFull, (int?)0), (DriverCounter.TxRingFull, 1), (DriverCounter.RxOutOfBuffer, 0)], mapped.Select(m => (m.Counter, m.Queue)));
    }

    [Fact]
    public void Mlx5_per_channel_names_carry_their_queue_and_device_wide_names_have_none()
    {
        var (names, values) = EthtoolStatisticsText.Load("mlx5-2ch.ethtool-S.txt");

        var mapped = DriverStatisticsMap.Map("mlx5_core", names);

        Assert.Equal([(DriverCounter.RxOutOfBuffer, (int?)null, 42UL)], Select(mapped, values, DriverCounter.RxOutOfBuffer));
        Assert.Equal([(DriverCounter.RxBufferAllocationFailures, (int?)null, 5UL), (DriverCounter.RxBufferAllocationFailures, 0, 2UL), (DriverCounter.RxBufferAllocationFailures, 1, 3UL)],
            Select(mapped, values, DriverCounter.RxBufferAllocationFailures));
        Assert.Equal([(DriverCounter.TxRingFull, (int?)null, 7UL), (DriverCounter.TxRingFull, 0, 3UL), (DriverCounter.TxRingFull, 1, 4UL)], Select(mapped, values, DriverCounter.TxRingFull));
        Assert.Equal([(DriverCounter.TxDriverDropped, (int?)null, 3UL), (DriverCounter.TxDriverDropped, 0, 1UL), (DriverCounter.TxDriverDropped, 1, 2UL)], Select(mapped, values, DriverCounter.TxDriverDropped));
    }

    [Theory]
    [InlineData("ena", "queue_3_tx_queue_stop", DriverCounter.TxRingFull, 3, null)]
    [InlineData("ena", "queue_12_rx_page_alloc_fail", DriverCounter.RxBufferAllocationFailures, 12, null)]
    [InlineData("ena", "queue_0_rx_skb_alloc_fail", DriverCounter.RxBufferAllocationFailures, 0, null)]
    [InlineData("ena", "pps_allowance_exceeded", DriverCounter.AllowanceExceeded, null, "pps")]
    [InlineData("ena", "bw_in_allowance_exceeded", DriverCounter.AllowanceExceeded, null, "bw_in")]
    [InlineData("ena", "linklocal_allowance_exceeded", DriverCounter.AllowanceExceeded, null, "linklocal")]
    [InlineData("ixgbevf", "alloc_rx_buff_failed", DriverCounter.RxBufferAllocationFailures, null, null)]
    [InlineData("ixgbevf", "tx_busy", DriverCounter.TxRingFull, null, null)]
    [InlineData("e1000", "alloc_rx_buff_failed", DriverCounter.RxBufferAllocationFailures, null, null)]
    [InlineData("e1000", "tx_restart_queue", DriverCounter.TxRingFull, null, null)]
    [InlineData("e1000e", "alloc_rx_buff_failed", DriverCounter.RxBufferAllocationFailures, null, null)]
    [InlineData("e1000e", "tx_restart_queue", DriverCounter.TxRingFull, null, null)]
    [InlineData("iavf", "rx_discards", DriverCounter.RxOutOfBuffer, null, null)]
    [InlineData("virtio_net", "rx_queue_5_drops", DriverCounter.RxDriverDropped, 5, null)]
    [InlineData("virtio_net", "rx2_hw_drop_overruns", DriverCounter.RxOutOfBuffer, 2, null)]
    [InlineData("veth", "rx_queue_1_drops", DriverCounter.RxDriverDropped, 1, null)]
    public void Named_statistics_map_to_their_family(string driver, string name, DriverCounter counter, int? queue, string? allowance)
    {
        var mapped = Assert.Single(DriverStatisticsMap.Map(driver, ["unrelated", name]));

        Assert.Equal(new MappedStatistic(1, counter, queue, allowance), mapped);
    }

    [Theory]
    [InlineData("ena", "conntrack_allowance_available")]
    [InlineData("virtio_net", "rx_queue_0_xdp_drops")]
    [InlineData("e1000", "rx_missed_errors")]
    [InlineData("e1000e", "rx_no_buffer_count")]
    [InlineData(null, "rx_out_of_buffer")]
    [InlineData("virtio_net", "rx_queue__drops")]
    [InlineData("virtio_net", "rx_queue_1a_drops")]
    [InlineData("virtio_net", "rx_queue_-1_drops")]
    [InlineData("veth", "rx_queue_99999999999_drops")]
    [InlineData("ena", "bw_allowance_exceeded")]
    [InlineData("ena", "pps_allowance_exceeded_total")]
    [InlineData("mlx5_core", "xrx_out_of_buffer")]
    public void Other_statistics_and_unknown_drivers_map_to_nothing(string? driver, string name) =>
        Assert.Empty(DriverStatisticsMap.Map(driver, [name]));

    private static List<(DriverCounter Counter, int? Queue, ulong Value)> Select(IReadOnlyList<MappedStatistic> mapped, IReadOnlyList<ulong> values, DriverCounter counter) =>
        [.. mapped.Where(m => m.Counter == counter).Select(m => (m.Counter, m.Queue, values[m.Index]))];
}

using Nictune.Core.Model;
using Nictune.Host.Adaptive;
using Nictune.Core.Statistics;
using Nictune.Protocol.Metrics;
using Nictune.Tests.Metrics;
using Xunit;

namespace Nictune.Tests.Adaptive;

/// <summary>The live counters through the metrics' reader: the link's counters and the driver's mapped out-of-buffer count.</summary>
public sealed class LinuxDropCounterSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeNicStatistics _kernel = new();

    [Fact]
    public void The_link_counters_and_the_device_wide_out_of_buffer_counter_make_the_sample()
    {
        _kernel.AddLink(2, "eth0", driver: "mlx5_core");
        _kernel.Links[0] = _kernel.Links[0] with { Counters = new LinkCounters(0, 5000, 0, 0, RxMissedErrors: 70, RxFifoErrors: 3, 0, 0, 0, 0, 0) };
        // mlx5: the vport counter is the device's value; the per-queue drops only split it (metrics.md).
        _kernel.DriverStatistics["eth0"] = new DriverStatisticsSample(["rx_packets", "rx_out_of_buffer", "rx0_buff_alloc_err"], [5000, 70, 9]);
        _kernel.AddLink(3, "eth1");
        using var source = new LinuxDropCounterSource(() => _kernel);

        var samples = source.Read(["eth0", "absent0"], Now);

        var sample = Assert.Single(samples).Value;
        Assert.Equal(new Nictune.Core.Adaptive.DropSample(Now, 5000, 70, 3, 70), sample);
    }

    [Fact]
    public void Per_queue_counters_are_summed_when_there_is_no_device_wide_one_and_a_driver_without_one_gives_null()
    {
        _kernel.AddLink(2, "ens192", driver: "vmxnet3");
        // vmxnet3 repeats its names, indented, after each queue marker (vmxnet3_get_strings()).
        _kernel.DriverStatistics["ens192"] = new DriverStatisticsSample(
            ["Tx Queue#", "  ring full", "Rx Queue#", "  pkts rx OOB", "Rx Queue#", "  pkts rx OOB"], [0, 0, 0, 11, 0, 31]);
        _kernel.AddLink(3, "vt0", driver: "veth", rxPackets: 10);
        using var source = new LinuxDropCounterSource(() => _kernel);

        var samples = source.Read(["ens192", "vt0"], Now);

        Assert.Equal(42, samples["ens192"].OutOfBuffer);
        Assert.Null(samples["vt0"].OutOfBuffer);
        Assert.Equal(10, samples["vt0"].RxPackets);
    }

    [Fact]
    public void Nothing_asked_opens_nothing()
    {
        var opened = false;
        using var source = new LinuxDropCounterSource(() =>
        {
            opened = true;
            return _kernel;
        });

        Assert.Empty(source.Read([], Now));
        Assert.False(opened);
    }
}

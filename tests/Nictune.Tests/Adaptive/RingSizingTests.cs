using Nictune.Core.Adaptive;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;

namespace Nictune.Tests.Adaptive;

/// <summary>One doubling, clamped to the maximum, in a value the driver holds as asked (docs/adaptive.md, "The step").</summary>
public sealed class RingSizingTests
{
    [Theory]
    [InlineData("vmxnet3", 1500, 1024, 4096, 2048L)]
    [InlineData("vmxnet3", 1500, 4096, 4096, null)]
    [InlineData("vmxnet3", 9000, 1056, 4096, 2112L)]   // before rev 7: multiples of 96
    [InlineData("vmxnet3", 9000, 2112, 4096, 4032L)]   // 4224 would pass the maximum: the largest multiple of 96 below it
    [InlineData("vmxnet3", 9000, 4032, 4096, null)]    // the effective maximum
    [InlineData("mlx5_core", 1500, 1024, 8192, 2048L)]
    [InlineData("mlx5_core", 1500, 6000, 8192, 8192L)]
    [InlineData("mlx5_core", 1500, 8192, 8192, null)]
    [InlineData("ena", 9001, 1024, 16384, 2048L)]
    [InlineData("ena", 9001, 12000, 16384, 16384L)]
    [InlineData("ena", 9001, 3000, 4096, 4096L)]
    [InlineData("ena", 9001, 16384, 16384, null)]
    [InlineData("iavf", 1500, 512, 4096, 1024L)]
    [InlineData("iavf", 1500, 3000, 4096, 4096L)]
    [InlineData("e1000", 1500, 256, 4096, 512L)]
    [InlineData("hv_netvsc", 1500, 1024, 18811, 2048L)]
    [InlineData("hv_netvsc", 1500, 10000, 18811, 18811L)]
    [InlineData("virtio_net", 1500, 256, 256, null)]
    public void The_next_size_is_one_doubling_clamped_and_rounded_as_the_driver_holds(string driver, int mtu, long current, long max, long? next)
    {
        Assert.Equal(next, RingSizing.Next(driver, mtu, current, max));
    }

    [Theory]
    [InlineData(0, 4096)]
    [InlineData(4096, 4096)]
    [InlineData(5000, 4096)]
    public void Nothing_is_proposed_at_or_above_the_maximum(long current, long max)
    {
        Assert.Null(RingSizing.Next("vmxnet3", 1500, current, max));
    }

    [Theory]
    [InlineData(1500, 1)]
    [InlineData(3050, 1)]
    [InlineData(3051, 2)]
    [InlineData(9000, 3)]
    public void Vmxnet3_buffers_per_packet_follow_the_mtu(int mtu, long buffers)
    {
        Assert.Equal(buffers, RingSizing.Vmxnet3BuffersPerPacket(mtu));
    }

    // vmxnet3 reports the ring size last set (docs/drivers.md §5): until one is set at MTU 9000 it reads the default
    // 1024, which says nothing about the revision, so these start from a size set at that MTU (held as 1056).
    private static (SimulatedNic Nic, int Mtu) Create(string device) => device switch
    {
        "vmxnet3 rev 3, MTU 1500" => (new Vmxnet3Simulator("eth0", revision: 3), 1500),
        "vmxnet3 rev 4, MTU 9000" => (SetRx(new Vmxnet3Simulator("eth0", revision: 4, mtu: 9000), 1024), 9000),
        "vmxnet3 rev 6, MTU 9000" => (SetRx(new Vmxnet3Simulator("eth0", revision: 6, mtu: 9000), 1024), 9000),
        "vmxnet3 rev 7, MTU 1500" => (new Vmxnet3Simulator("eth0", revision: 7), 1500),
        "vmxnet3 rev 7, MTU 9000" => (new Vmxnet3Simulator("eth0", revision: 7, mtu: 9000), 9000),
        "mlx5" => (new Mlx5Simulator("eth0", queues: 4), 1500),
        "ena" => (new EnaSimulator("eth0"), 9001),
        "ena with a 4K rx maximum" => (new EnaSimulator("eth0", rxMax: 4096), 9001),
        _ => throw new ArgumentException(device, nameof(device)),
    };

    private static Vmxnet3Simulator SetRx(Vmxnet3Simulator nic, long rx)
    {
        nic.Write(SettingKey.Interface(nic.Name, SettingNames.RingRx), rx.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return nic;
    }

    [Theory]
    [InlineData("vmxnet3 rev 3, MTU 1500")]
    [InlineData("vmxnet3 rev 4, MTU 9000")]
    [InlineData("vmxnet3 rev 6, MTU 9000")]
    [InlineData("vmxnet3 rev 7, MTU 1500")]
    [InlineData("vmxnet3 rev 7, MTU 9000")]
    [InlineData("mlx5")]
    [InlineData("ena")]
    [InlineData("ena with a 4K rx maximum")]
    public void Every_step_up_to_the_maximum_is_held_exactly_by_the_simulated_driver(string name)
    {
        var (nic, mtu) = Create(name);
        var key = SettingKey.Interface("eth0", SettingNames.RingRx);
        var steps = 0;
        while (true)
        {
            var reading = nic.Read(SettingNames.RingRx);
            var current = long.Parse(reading.Value!, System.Globalization.CultureInfo.InvariantCulture);
            if (RingSizing.Next(nic.Driver, mtu, current, reading.Maximum!.Value) is not { } next)
            {
                break;
            }

            Assert.True(next > current, $"{name}: {next} does not grow {current}");
            nic.Write(key, next.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(next.ToString(System.Globalization.CultureInfo.InvariantCulture), nic.Read(SettingNames.RingRx).Value);
            Assert.True(++steps < 10, $"{name}: more steps than doublings");
        }

        Assert.InRange(steps, 1, 5);
    }
}

using Nictune.Core.Advisories;
using Nictune.Core.Model;
using Xunit;

namespace Nictune.Tests.Core;

public sealed class AdvisoryRulesTests
{
    private static readonly NetInterface E1000 = new()
    {
        Name = "ens33",
        Class = NicClass.Emulated,
        Driver = "e1000",
        Queues = new QueueCounts(1, 1),
        Pci = new PciInfo("0000:02:01.0", "8086", "100f", "15ad", "0750"),
    };

    [Theory]
    [InlineData(Hypervisor.VMware, "VMXNET3")]
    [InlineData(Hypervisor.Kvm, "virtio-net")]
    [InlineData(Hypervisor.Other, "virtio-net")]
    [InlineData(Hypervisor.HyperV, "hv_netvsc")]
    [InlineData(Hypervisor.Xen, "xen-netfront")]
    public void Emulated_nic_recommends_the_hypervisors_paravirtual_nic(Hypervisor hypervisor, string recommended)
    {
        var advisory = Assert.Single(AdvisoryRules.Evaluate(hypervisor, [E1000], [], 4));

        Assert.Equal(AdvisoryCodes.EmulatedNic, advisory.Code);
        Assert.Equal(Severity.Warning, advisory.Severity);
        Assert.Equal("ens33", advisory.Interface);
        Assert.Null(advisory.Pci);
        Assert.Contains(recommended, advisory.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("15ad", "07b0", "modprobe vmxnet3")]
    [InlineData("1af4", "1041", "virtio_net")]
    [InlineData("15b3", "1016", "mlx5_core")]
    [InlineData("8086", "1889", "iavf")]
    [InlineData("1234", "5678", "lspci -nnk -s 0000:13:00.0")]
    public void Driver_missing_names_the_driver_family_the_id_needs(string vendor, string device, string expected)
    {
        var unbound = new UnboundPciDevice(new PciInfo("0000:13:00.0", vendor, device, vendor, device), "0x020000");

        var advisory = Assert.Single(AdvisoryRules.Evaluate(Hypervisor.VMware, [], [unbound], 4));

        Assert.Equal(AdvisoryCodes.DriverMissing, advisory.Code);
        Assert.Null(advisory.Interface);
        Assert.Equal("0000:13:00.0", advisory.Pci);
        Assert.Contains(expected, advisory.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1, 4, Hypervisor.Kvm, true)]
    [InlineData(1, 1, 1, Hypervisor.Kvm, false)]
    [InlineData(1, 1, null, Hypervisor.Kvm, false)]
    [InlineData(2, 2, 4, Hypervisor.Kvm, false)]
    [InlineData(1, 1, 4, Hypervisor.None, false)]
    public void Single_queue_only_on_a_multi_cpu_vm(int rx, int tx, int? cpus, Hypervisor hypervisor, bool expected)
    {
        var virtio = new NetInterface { Name = "ens3", Class = NicClass.Paravirtual, Driver = "virtio_net", Queues = new QueueCounts(rx, tx) };

        var advisories = AdvisoryRules.Evaluate(hypervisor, [virtio], [], cpus);

        Assert.Equal(expected, advisories.Any(a => a.Code == AdvisoryCodes.SingleQueue && a.Interface == "ens3"));
    }

    [Theory]
    // QEMU's virtio-net on user-mode networking (one queue pair): no ethtool command can raise it.
    [InlineData(1, 0, 0, "offers no more than one queue", "ethtool -L")]
    [InlineData(0, 1, 1, "offers no more than one queue", "ethtool -L")]
    // A 4-queue device on a 2-CPU VM: raise it to the CPUs.
    [InlineData(4, 0, 0, "ethtool -L ens3 combined 2.", "combined N")]
    [InlineData(0, 8, 8, "ethtool -L ens3 rx 2 tx 2.", "combined")]
    public void Single_queue_advice_follows_the_device_maximum(int combined, int rx, int tx, string says, string never)
    {
        var virtio = new NetInterface { Name = "ens3", Class = NicClass.Paravirtual, Driver = "virtio_net", Queues = new QueueCounts(1, 1) };

        var advisory = Assert.Single(AdvisoryRules.Evaluate(Hypervisor.Qemu, [virtio], [], 2, _ => new ChannelMaximum(combined, rx, tx)));

        Assert.Contains(says, advisory.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(never, advisory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_queue_advice_with_an_unknown_maximum_says_how_to_read_it_first()
    {
        var virtio = new NetInterface { Name = "ens3", Class = NicClass.Paravirtual, Driver = "virtio_net", Queues = new QueueCounts(1, 1) };

        var advisory = Assert.Single(AdvisoryRules.Evaluate(Hypervisor.Kvm, [virtio], [], 4));

        Assert.Contains("ethtool -l ens3", advisory.Message, StringComparison.Ordinal);
        Assert.Contains("if it is 1, give the virtual NIC more queues", advisory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_queue_ignores_software_and_single_queue_only_drivers()
    {
        var failoverMaster = new NetInterface { Name = "ens3", Class = NicClass.Software, Driver = "net_failover", Queues = new QueueCounts(1, 1) };
        var ixgbevf = new NetInterface { Name = "ens4", Class = NicClass.SriovVf, Driver = "ixgbevf", Queues = new QueueCounts(1, 1) };

        Assert.Empty(AdvisoryRules.Evaluate(Hypervisor.Kvm, [failoverMaster, ixgbevf], [], 8));
    }
}

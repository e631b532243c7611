using Nictune.Core.Classification;
using Nictune.Core.Model;
using Xunit;

namespace Nictune.Tests.Core;

/// <summary>The classifier on hand-made facts: the rules of docs/drivers.md §1 one by one.</summary>
public sealed class InterfaceClassifierTests
{
    private static readonly QueueCounts OneQueue = new(1, 1);

    [Theory]
    // mlx5_core and bnxt_en bind PFs and VFs: only the ID decides.
    [InlineData("mlx5_core", "15b3", "1016", null, Hypervisor.Kvm, NicClass.SriovVf)]
    [InlineData("mlx5_core", "15b3", "1017", null, Hypervisor.Kvm, NicClass.PassthroughPf)]
    [InlineData("mlx5_core", "15b3", "1017", null, Hypervisor.None, NicClass.Physical)]
    [InlineData("bnxt_en", "14e4", "16dc", null, Hypervisor.Kvm, NicClass.SriovVf)]
    [InlineData("bnxt_en", "14e4", "16d7", null, Hypervisor.Kvm, NicClass.PassthroughPf)]
    // e1000/e1000e: a hypervisor's subsystem vendor means emulated; an OEM one means real silicon.
    [InlineData("e1000", "8086", "100e", "1af4", Hypervisor.Kvm, NicClass.Emulated)]
    [InlineData("e1000", "8086", "100f", "15ad", Hypervisor.VMware, NicClass.Emulated)]
    [InlineData("e1000e", "8086", "10d3", "15ad", Hypervisor.None, NicClass.Emulated)]
    [InlineData("e1000e", "8086", "10d3", "15d9", Hypervisor.VMware, NicClass.PassthroughPf)]
    [InlineData("e1000e", "8086", "10d3", "15d9", Hypervisor.None, NicClass.Physical)]
    [InlineData("e1000e", "8086", "10d3", null, Hypervisor.None, NicClass.Physical)]
    // IDs compare case-insensitively everywhere, the Intel check of emulated models included.
    [InlineData("e1000e", "8086", "10D3", "15D9", Hypervisor.VMware, NicClass.PassthroughPf)]
    [InlineData("e1000e", "8086", "10D3", "15AD", Hypervisor.None, NicClass.Emulated)]
    // Legacy models exist only as emulations in practice.
    [InlineData("8139cp", "10ec", "8139", "1af4", Hypervisor.Kvm, NicClass.Emulated)]
    [InlineData("pcnet32", "1022", "2000", "1022", Hypervisor.VMware, NicClass.Emulated)]
    // Paravirtual by driver name, whatever the ID.
    [InlineData("vmxnet3", "15ad", "07b0", "15ad", Hypervisor.VMware, NicClass.Paravirtual)]
    [InlineData("gve", "1ae0", "0042", "1ae0", Hypervisor.Kvm, NicClass.Paravirtual)]
    // VF-only drivers decide even for an ID not in the table.
    [InlineData("iavf", "8086", "ffff", null, Hypervisor.Kvm, NicClass.SriovVf)]
    [InlineData("i40evf", "8086", "ffff", null, Hypervisor.Kvm, NicClass.SriovVf)]
    // Any other device-backed driver binds a PF.
    [InlineData("igb", "8086", "1521", "8086", Hypervisor.Xen, NicClass.PassthroughPf)]
    [InlineData("igb", "8086", "1521", "8086", Hypervisor.None, NicClass.Physical)]
    // No driver link readable, ID unknown: the one honest answer is unknown.
    [InlineData(null, "1234", "5678", null, Hypervisor.Kvm, NicClass.Unknown)]
    public void Classifies_pci_nics(string? driver, string vendor, string device, string? subsystemVendor, Hypervisor hypervisor, NicClass expected)
    {
        var nic = Pci("eth0", driver, vendor, device, subsystemVendor);

        Assert.Equal(expected, InterfaceClassifier.ClassOf(nic, hypervisor));
    }

    [Theory]
    // QEMU 7.2's e1000e as a guest reads it: Intel's vendor with no board ID (hw/net/e1000e.c's default subsystem).
    [InlineData("8086", "0000", Hypervisor.Kvm, NicClass.Emulated)]
    [InlineData("8086", "0000", Hypervisor.Qemu, NicClass.Emulated)]
    [InlineData("8086", "0000", Hypervisor.VMware, NicClass.Emulated)]
    [InlineData(null, null, Hypervisor.Kvm, NicClass.Emulated)]
    [InlineData("ffff", "ffff", Hypervisor.Kvm, NicClass.Emulated)]
    // A board maker's ID is the positive sign of real silicon passed through: Intel's own board, or an OEM's.
    [InlineData("8086", "a01f", Hypervisor.Kvm, NicClass.PassthroughPf)]
    [InlineData("15d9", "0000", Hypervisor.Kvm, NicClass.PassthroughPf)]
    // No hypervisor: the bare ID is real silicon.
    [InlineData("8086", "0000", Hypervisor.None, NicClass.Physical)]
    public void An_emulated_model_under_a_hypervisor_is_passthrough_only_with_a_board_id(
        string? subsystemVendor, string? subsystemDevice, Hypervisor hypervisor, NicClass expected)
    {
        var nic = Pci("ens5", "e1000e", "8086", "10d3", null) with
        {
            Pci = new PciInfo("0000:00:05.0", "8086", "10d3", subsystemVendor, subsystemDevice),
        };

        Assert.Equal(expected, InterfaceClassifier.ClassOf(nic, hypervisor));
    }

    [Fact]
    public void No_device_is_software()
    {
        var veth = new NetInterface { Name = "veth0", Queues = OneQueue, Kind = "veth" };

        Assert.Equal(NicClass.Software, InterfaceClassifier.ClassOf(veth, Hypervisor.Kvm));
    }

    [Fact]
    public void Non_pci_paravirtual_devices_are_classified_by_driver()
    {
        var netvsc = new NetInterface { Name = "eth0", Queues = OneQueue, Driver = "hv_netvsc", Bus = "vmbus", DevicePath = "/sys/devices/x" };
        var vif = netvsc with { Driver = "vif", Bus = "xen" };

        Assert.Equal(NicClass.Paravirtual, InterfaceClassifier.ClassOf(netvsc, Hypervisor.HyperV));
        Assert.Equal(NicClass.Paravirtual, InterfaceClassifier.ClassOf(vif, Hypervisor.Xen));
    }

    [Fact]
    public void Standby_without_phys_port_name_is_found_by_its_shared_pci_function()
    {
        // phys_port_name unreadable: the master still shares the standby's (borrowed) PCI function.
        var virtio = new PciInfo("0000:00:03.0", "1af4", "1041", "1af4", "1100");
        var master = new NetInterface { Name = "ens3", Queues = OneQueue, Driver = "virtio_net", Pci = virtio, Bus = "virtio", DevicePath = "/d", Lowers = ["ens3nsby", "ens4"] };
        var standby = master with { Name = "ens3nsby", Master = "ens3", Lowers = [] };
        var vf = Pci("ens4", "iavf", "8086", "1889", "8086") with { Master = "ens3" };

        var result = InterfaceClassifier.Classify([vf, standby, master], Hypervisor.Kvm);

        Assert.Equal(["ens3", "ens3nsby", "ens4"], result.Select(i => i.Name));
        Assert.Equal((NicClass.Software, FailoverRole.Master, "net_failover"), (result[0].Class, result[0].Failover, result[0].Driver));
        Assert.Null(result[0].Pci);
        Assert.Equal((NicClass.Paravirtual, FailoverRole.Standby), (result[1].Class, result[1].Failover));
        Assert.Equal((NicClass.SriovVf, FailoverRole.Primary), (result[2].Class, result[2].Failover));
    }

    [Fact]
    public void Bond_of_virtio_nics_is_not_a_failover()
    {
        var bond = new NetInterface { Name = "bond0", Queues = OneQueue, Kind = "bond", Lowers = ["eth1"] };
        var eth1 = new NetInterface
        {
            Name = "eth1", Queues = OneQueue, Driver = "virtio_net", Bus = "virtio", DevicePath = "/d", Master = "bond0",
            Pci = new PciInfo("0000:00:03.0", "1af4", "1041", "1af4", "1100"),
        };

        var result = InterfaceClassifier.Classify([bond, eth1], Hypervisor.Kvm);

        Assert.All(result, i => Assert.Null(i.Failover));
        Assert.Equal(NicClass.Software, result[0].Class);
    }

    [Fact]
    public void Netvsc_without_vf_has_no_failover_role()
    {
        var netvsc = new NetInterface { Name = "eth0", Queues = OneQueue, Driver = "hv_netvsc", Bus = "vmbus", DevicePath = "/d" };

        var result = InterfaceClassifier.Classify([netvsc], Hypervisor.HyperV);

        Assert.Null(result[0].Failover);
    }

    [Fact]
    public void Order_is_ordinal_by_name()
    {
        var names = new[] { "eth10", "Eth1", "eth2", "ens33", "ens192" };

        var result = InterfaceClassifier.Classify([.. names.Select(n => new NetInterface { Name = n, Queues = OneQueue })], Hypervisor.None);

        Assert.Equal(["Eth1", "ens192", "ens33", "eth10", "eth2"], result.Select(i => i.Name));
    }

    private static NetInterface Pci(string name, string? driver, string vendor, string device, string? subsystemVendor) => new()
    {
        Name = name,
        Queues = OneQueue,
        Driver = driver,
        Bus = "pci",
        DevicePath = $"/sys/devices/pci0000:00/{name}",
        Pci = new PciInfo("0000:00:04.0", vendor, device, subsystemVendor, subsystemVendor is null ? null : "0001"),
    };
}

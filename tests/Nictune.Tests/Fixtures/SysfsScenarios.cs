using Nictune.Core.Model;
using Xunit;
using static Nictune.Core.Model.FailoverRole;
using static Nictune.Core.Model.NicClass;

namespace Nictune.Tests.Fixtures;

/// <summary>
/// The machines detection is tested against: every class of docs/drivers.md §1, both failover kinds (§3), the
/// software kinds and an unbound NIC. PCI IDs are from §2; subsystem IDs are what each hypervisor stamps
/// (VMware 15ad, QEMU 1af4:1100) or a board maker's for real silicon.
/// </summary>
public static class SysfsScenarios
{
    public const string AzureAssetTag = "7783-7084-3265-9085-8269-3286-77";

    private static readonly ExpectedInterface Lo = new("lo", Software, Rx: 1, Tx: 1, Kind: "loopback");

    public static IReadOnlyList<SysfsScenario> All { get; } =
    [
        new(
            "vmware-vmxnet3",
            t =>
            {
                VMware(t);
                var fn = t.PciFunction("0000:0b:00.0", "15ad:07b0", "15ad:07b0", "vmxnet3", msiVectors: 5, numaNode: 0);
                t.Netdev("ens192", fn, NetdevOptions.Queues(4));
            },
            Hypervisor.VMware,
            [new("ens192", Paravirtual, "vmxnet3", "0000:0b:00.0 15ad:07b0 15ad:07b0", 4, 4, Bus: "pci"), Lo],
            []),

        new(
            "vmware-e1000",
            t =>
            {
                VMware(t);
                var fn = t.PciFunction("0000:02:01.0", "8086:100f", "15ad:0750", "e1000", msiVectors: 0);
                t.Netdev("ens33", fn);
            },
            Hypervisor.VMware,
            [new("ens33", Emulated, "e1000", "0000:02:01.0 8086:100f 15ad:0750", Bus: "pci"), Lo],
            [new("emulated-nic", "ens33")]),

        new(
            "vmware-e1000e",
            t =>
            {
                VMware(t);
                var fn = t.PciFunction("0000:03:00.0", "8086:10d3", "15ad:07d0", "e1000e");
                t.Netdev("ens160", fn);
            },
            Hypervisor.VMware,
            [new("ens160", Emulated, "e1000e", "0000:03:00.0 8086:10d3 15ad:07d0"), Lo],
            [new("emulated-nic", "ens160")]),

        new(
            "kvm-e1000",
            t =>
            {
                Kvm(t);
                var fn = t.PciFunction("0000:00:03.0", "8086:100e", "1af4:1100", "e1000", msiVectors: 0);
                t.Netdev("ens3", fn);
            },
            Hypervisor.Kvm,
            [new("ens3", Emulated, "e1000", "0000:00:03.0 8086:100e 1af4:1100"), Lo],
            [new("emulated-nic", "ens3")]),

        new(
            "kvm-virtio",
            t =>
            {
                Kvm(t);
                var modern = t.PciFunction("0000:00:03.0", "1af4:1041", "1af4:1100", "virtio-pci", msiVectors: 9);
                t.Netdev("ens3", t.VirtioDevice(modern, 0), NetdevOptions.Queues(4));
                var transitional = t.PciFunction("0000:00:04.0", "1af4:1000", "1af4:0001", "virtio-pci");
                t.Netdev("ens4", t.VirtioDevice(transitional, 1));
            },
            Hypervisor.Kvm,
            [
                new("ens3", Paravirtual, "virtio_net", "0000:00:03.0 1af4:1041 1af4:1100", 4, 4, Bus: "virtio"),
                new("ens4", Paravirtual, "virtio_net", "0000:00:04.0 1af4:1000 1af4:0001", Bus: "virtio"),
                Lo,
            ],
            [new("single-queue", "ens4")]),

        new(
            "azure-netvsc-vf",
            t =>
            {
                Azure(t);
                var synthetic = t.VmbusDevice("000d3a6e-6d2c-000d-3a6e-6d2c000d3a6e", SysfsTreeBuilder.NetvscClassId, "hv_netvsc");
                t.Netdev("eth0", synthetic, NetdevOptions.Queues(4) with { Mac = "00:0d:3a:6e:6d:2c" });
                var bridge = t.VmbusDevice("7870a1b2-0001-4c3d-8e5f-001122334455", SysfsTreeBuilder.PciPassthroughClassId, "hv_pci");
                var vf = t.PciFunction("7870:00:02.0", "15b3:1016", "15b3:0190", "mlx5_core", parent: $"{bridge}/pci7870:00", msiVectors: 5);
                t.Netdev("enP30832s1", vf, NetdevOptions.Queues(4) with { Mac = "00:0d:3a:6e:6d:2c" });
                t.Enslave("enP30832s1", "eth0");
                var plain = t.VmbusDevice("000d3a6e-6d2c-000d-3a6e-6d2c000d3a6f", SysfsTreeBuilder.NetvscClassId, "hv_netvsc");
                t.Netdev("eth1", plain, NetdevOptions.Queues(4));
            },
            Hypervisor.HyperV,
            [
                new("enP30832s1", SriovVf, "mlx5_core", "7870:00:02.0 15b3:1016 15b3:0190", 4, 4, Master: "eth0", Failover: Primary, Bus: "pci"),
                new("eth0", Paravirtual, "hv_netvsc", null, 4, 4, Failover: Master, Bus: "vmbus"),
                new("eth1", Paravirtual, "hv_netvsc", null, 4, 4, Bus: "vmbus"),
                Lo,
            ],
            []),

        new(
            "kvm-vfs",
            t =>
            {
                Kvm(t);
                t.Netdev("ens4", t.PciFunction("0000:00:04.0", "8086:10ed", "8086:7a11", "ixgbevf"), NetdevOptions.Queues(2));
                t.Netdev("ens5", t.PciFunction("0000:00:05.0", "8086:1889", "8086:0000", "iavf"), NetdevOptions.Queues(4));
                t.Netdev("ens6", t.PciFunction("0000:00:06.0", "8086:154c", "8086:0000", "i40evf"), NetdevOptions.Queues(4));
                t.Netdev("ens7", t.PciFunction("0000:00:07.0", "15b3:1018", "15b3:0000", "mlx5_core"), NetdevOptions.Queues(4));
                t.Netdev("ens8", t.PciFunction("0000:00:08.0", "14e4:16dc", "14e4:0000", "bnxt_en"), NetdevOptions.Queues(4));
            },
            Hypervisor.Kvm,
            [
                new("ens4", SriovVf, "ixgbevf", "0000:00:04.0 8086:10ed 8086:7a11", 2, 2),
                new("ens5", SriovVf, "iavf", "0000:00:05.0 8086:1889 8086:0000", 4, 4),
                new("ens6", SriovVf, "i40evf", "0000:00:06.0 8086:154c 8086:0000", 4, 4),
                new("ens7", SriovVf, "mlx5_core", "0000:00:07.0 15b3:1018 15b3:0000", 4, 4),
                new("ens8", SriovVf, "bnxt_en", "0000:00:08.0 14e4:16dc 14e4:0000", 4, 4),
                Lo,
            ],
            []),

        new(
            "aws-ena",
            t =>
            {
                t.Cpus(4, hypervisorFlag: true).Dmi("Amazon EC2", "m5.xlarge");
                Loopback(t);
                t.Netdev("ens5", t.PciFunction("0000:00:05.0", "1d0f:ec20", "1d0f:ec20", "ena", msiVectors: 5), NetdevOptions.Queues(4));
            },
            Hypervisor.Kvm,
            [new("ens5", SriovVf, "ena", "0000:00:05.0 1d0f:ec20 1d0f:ec20", 4, 4), Lo],
            []),

        new(
            "kvm-virtio-standby",
            t =>
            {
                Kvm(t);
                var fn = t.PciFunction("0000:00:03.0", "1af4:1041", "1af4:1100", "virtio-pci", msiVectors: 9);
                var virtio = t.VirtioDevice(fn, 0, features: SysfsTreeBuilder.VirtioFeatures(standby: true));
                const string mac = "52:54:00:12:34:56";
                // net_failover gives its master the standby's parent device, so both netdevs sit under virtio0.
                t.Netdev("ens3", virtio, NetdevOptions.Queues(16) with { Mac = mac });
                t.Netdev("ens3nsby", virtio, NetdevOptions.Queues(4) with { Mac = mac, PhysPortName = "sby" });
                t.Netdev("ens4", t.PciFunction("0000:00:04.0", "15b3:101e", "15b3:0000", "mlx5_core"), NetdevOptions.Queues(4) with { Mac = mac });
                t.Enslave("ens3nsby", "ens3").Enslave("ens4", "ens3");
            },
            Hypervisor.Kvm,
            [
                new("ens3", Software, "net_failover", null, 16, 16, Failover: Master),
                new("ens3nsby", Paravirtual, "virtio_net", "0000:00:03.0 1af4:1041 1af4:1100", 4, 4, Master: "ens3", Failover: Standby, Bus: "virtio"),
                new("ens4", SriovVf, "mlx5_core", "0000:00:04.0 15b3:101e 15b3:0000", 4, 4, Master: "ens3", Failover: Primary),
                Lo,
            ],
            []),

        new(
            "vmware-pf-passthrough",
            t =>
            {
                VMware(t);
                AddPhysicalFunctions(t);
            },
            Hypervisor.VMware,
            PhysicalFunctions(PassthroughPf),
            []),

        new(
            "baremetal-pf",
            t =>
            {
                t.Cpus(32, hypervisorFlag: false).Dmi("Dell Inc.", "PowerEdge R750");
                Loopback(t);
                AddPhysicalFunctions(t);
            },
            Hypervisor.None,
            PhysicalFunctions(Physical),
            []),

        new(
            "kvm-pf-passthrough",
            t =>
            {
                Kvm(t);
                // QEMU/VFIO hides the SR-IOV capability: no sriov_totalvfs, and that must not matter.
                t.Netdev("ens4", t.PciFunction("0000:00:04.0", "15b3:1017", "15b3:0007", "mlx5_core"), NetdevOptions.Queues(4));
                // A bnxt_en ID outside the VF table binds a PF.
                t.Netdev("ens5", t.PciFunction("0000:00:05.0", "14e4:16d7", "14e4:1402", "bnxt_en"), NetdevOptions.Queues(4));
            },
            Hypervisor.Kvm,
            [
                new("ens4", PassthroughPf, "mlx5_core", "0000:00:04.0 15b3:1017 15b3:0007", 4, 4),
                new("ens5", PassthroughPf, "bnxt_en", "0000:00:05.0 14e4:16d7 14e4:1402", 4, 4),
                Lo,
            ],
            []),

        new(
            "kvm-software",
            t =>
            {
                Kvm(t);
                t.Netdev("eth1", t.VirtioDevice(t.PciFunction("0000:00:03.0", "1af4:1041", "1af4:1100", "virtio-pci"), 0), NetdevOptions.Queues(2));
                t.Netdev("bond0", null, new NetdevOptions { DevType = "bond", Directories = ["bonding"], TxQueueLen = 1000, RxQueues = 16, TxQueues = 16 });
                t.Enslave("eth1", "bond0");
                t.Netdev("bond0.100", null, new NetdevOptions { DevType = "vlan", IfLink = 3 });
                t.Stack(upper: "bond0.100", lower: "bond0");
                t.Netdev("br0", null, new NetdevOptions { DevType = "bridge", Directories = ["bridge"] });
                t.Netdev("veth0", null, new NetdevOptions { IfLink = 42 });
                t.Enslave("veth0", "br0");
            },
            Hypervisor.Kvm,
            [
                new("bond0", Software, Rx: 16, Tx: 16, Kind: "bond"),
                new("bond0.100", Software, Kind: "vlan"),
                new("br0", Software, Kind: "bridge"),
                new("eth1", Paravirtual, "virtio_net", "0000:00:03.0 1af4:1041 1af4:1100", 2, 2, Master: "bond0"),
                Lo,
                new("veth0", Software, Master: "br0", Kind: "veth"),
            ],
            []),

        new(
            "vmware-unbound",
            t =>
            {
                VMware(t);
                t.Netdev("ens192", t.PciFunction("0000:0b:00.0", "15ad:07b0", "15ad:07b0", "vmxnet3"), NetdevOptions.Queues(4));
                t.PciFunction("0000:13:00.0", "15ad:07b0", "15ad:07b0", driver: null);
                t.PciFunction("0000:1b:00.0", "1234:5678", "1234:0001", driver: null, pciClass: "0x020000");
                // Not a network controller (a PCI bridge): never reported even without a driver.
                t.PciFunction("0000:00:11.0", "15ad:0790", "15ad:0790", driver: null, pciClass: "0x060401");
            },
            Hypervisor.VMware,
            [new("ens192", Paravirtual, "vmxnet3", "0000:0b:00.0 15ad:07b0 15ad:07b0", 4, 4), Lo],
            [new("driver-missing", null, "0000:13:00.0"), new("driver-missing", null, "0000:1b:00.0")],
            ["0000:13:00.0 15ad:07b0", "0000:1b:00.0 1234:5678"]),

        new(
            "xen-netfront",
            t =>
            {
                t.Cpus(2, hypervisorFlag: true).Dmi("Xen", "HVM domU").HypervisorType("xen");
                Loopback(t);
                t.WriteFile("/sys/devices/vif-0/nodename", "device/vif/0");
                t.Symlink("/sys/devices/vif-0/subsystem", "/sys/bus/xen");
                Directory.CreateDirectory(t.Map("/sys/bus/xen/drivers/vif"));
                t.Symlink("/sys/devices/vif-0/driver", "/sys/bus/xen/drivers/vif");
                t.Netdev("eth0", "/sys/devices/vif-0", NetdevOptions.Queues(2));
            },
            Hypervisor.Xen,
            [new("eth0", Paravirtual, "vif", null, 2, 2, Bus: "xen"), Lo],
            []),
    ];

    public static TheoryData<string> Names => [.. All.Select(s => s.Name)];

    public static SysfsScenario Get(string name) => All.Single(s => s.Name == name);

    private static void VMware(SysfsTreeBuilder t)
    {
        t.Cpus(4, hypervisorFlag: true).Dmi("VMware, Inc.", "VMware Virtual Platform");
        Loopback(t);
    }

    private static void Kvm(SysfsTreeBuilder t)
    {
        // QEMU's machine under KVM: only KVM gives the guest kvm-clock (without it the same DMI is QEMU's TCG).
        t.Cpus(4, hypervisorFlag: true).Dmi("QEMU", "Standard PC (Q35 + ICH9, 2009)").Clocksources("kvm-clock tsc acpi_pm ");
        Loopback(t);
    }

    private static void Azure(SysfsTreeBuilder t)
    {
        t.Cpus(4, hypervisorFlag: true).Dmi("Microsoft Corporation", "Virtual Machine", AzureAssetTag);
        Loopback(t);
    }

    private static void Loopback(SysfsTreeBuilder t) =>
        t.Netdev("lo", null, new NetdevOptions { Type = 772, Mtu = 65536, OperState = "unknown", Mac = "00:00:00:00:00:00" });

    /// <summary>Real silicon: ixgbe and ice PFs, and a genuine 82574 whose subsystem is its board maker's (Supermicro).</summary>
    private static void AddPhysicalFunctions(SysfsTreeBuilder t)
    {
        t.Netdev("ens224", t.PciFunction("0000:13:00.0", "8086:10fb", "8086:000c", "ixgbe", msiVectors: 9), NetdevOptions.Queues(8));
        t.Netdev("ens256", t.PciFunction("0000:1b:00.0", "8086:159b", "8086:0003", "ice", msiVectors: 9), NetdevOptions.Queues(8));
        t.Netdev("ens257", t.PciFunction("0000:1c:00.0", "8086:10d3", "15d9:10d3", "e1000e"));
    }

    private static ExpectedInterface[] PhysicalFunctions(NicClass cls) =>
    [
        new("ens224", cls, "ixgbe", "0000:13:00.0 8086:10fb 8086:000c", 8, 8),
        new("ens256", cls, "ice", "0000:1b:00.0 8086:159b 8086:0003", 8, 8),
        new("ens257", cls, "e1000e", "0000:1c:00.0 8086:10d3 15d9:10d3"),
        Lo,
    ];
}

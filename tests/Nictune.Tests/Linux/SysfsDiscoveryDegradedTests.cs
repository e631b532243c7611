using Nictune.Core.Model;
using Nictune.Host;
using Nictune.Linux.Sysfs;
using Nictune.Tests.Fixtures;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Linux;

/// <summary>Missing and unreadable files cost a field, never the run.</summary>
public sealed class SysfsDiscoveryDegradedTests
{
    [Fact]
    public void Unreadable_and_missing_files_leave_their_fields_null()
    {
        using var tree = SysfsScenarios.Get("vmware-vmxnet3").Create();
        var netdev = tree.NetdevDir("ens192");
        var function = "/sys/devices/pci0000:00/0000:0b:00.0";
        tree.MakeUnreadable($"{netdev}/speed")
            .MakeUnreadable($"{netdev}/mtu")
            .WriteFile($"{netdev}/tx_queue_len", "not a number")
            .Delete($"{netdev}/operstate")
            .Delete($"{function}/subsystem_vendor")
            .Delete($"{function}/numa_node")
            .Delete("/sys/devices/virtual/dmi/id/sys_vendor")
            .Delete("/proc/cpuinfo");

        var inventory = new SysfsDiscovery(tree.SystemRoot).Discover();

        var nic = inventory.Interfaces.Single(i => i.Name == "ens192");
        Assert.Null(nic.Speed);
        Assert.Null(nic.Mtu);
        Assert.Null(nic.TxQueueLen);
        Assert.Null(nic.OperState);
        Assert.Null(nic.NumaNode);
        Assert.NotNull(nic.Pci);
        Assert.Null(nic.Pci.SubsystemVendor);
        Assert.Equal("07b0", nic.Pci.SubsystemDevice);
        // What could still be read is still there, and still decides the class.
        Assert.Equal(NicClass.Paravirtual, nic.Class);
        Assert.Equal("vmxnet3", nic.Driver);
        Assert.Equal(new QueueCounts(4, 4), nic.Queues);
        // The DMI vendor is gone but the product name remains; with no cpuinfo there is no hypervisor flag.
        Assert.Equal(Hypervisor.None, inventory.Hypervisor);
    }

    [Fact]
    public void Speed_of_minus_one_is_null()
    {
        using var tree = SysfsScenarios.Get("vmware-vmxnet3").Create();
        tree.WriteFile($"{tree.NetdevDir("ens192")}/speed", "-1");

        var nic = new SysfsDiscovery(tree.SystemRoot).Discover().Interfaces.Single(i => i.Name == "ens192");

        Assert.Null(nic.Speed);
    }

    [Fact]
    public void Unreadable_driver_link_still_classifies_by_pci_id()
    {
        using var tree = SysfsScenarios.Get("kvm-vfs").Create();
        File.Delete(tree.Map("/sys/devices/pci0000:00/0000:00:07.0/driver"));

        var nic = new SysfsDiscovery(tree.SystemRoot).Discover().Interfaces.Single(i => i.Name == "ens7");

        Assert.Null(nic.Driver);
        Assert.Equal(NicClass.SriovVf, nic.Class);
    }

    [Fact]
    public void Detect_succeeds_on_a_degraded_tree()
    {
        using var tree = SysfsScenarios.Get("kvm-virtio").Create();
        tree.MakeUnreadable($"{tree.NetdevDir("ens3")}/address").MakeUnreadable($"{tree.NetdevDir("ens3")}/operstate");
        Directory.Delete(tree.Map($"{tree.NetdevDir("ens4")}/queues"), recursive: true);

        var result = NictuneBinary.Run("detect", "--root", tree.Root, "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Stderr);
        Assert.Contains("\"operState\": null", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"rx\": 0", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Driver_info_source_fills_version_and_firmware()
    {
        using var tree = SysfsScenarios.Get("vmware-vmxnet3").Create();

        var inventory = new SysfsDiscovery(tree.SystemRoot, new FakeDriverInfo()).Discover();

        var nic = inventory.Interfaces.Single(i => i.Name == "ens192");
        Assert.Equal("1.9.2.0-k-NAPI", nic.DriverVersion);
        Assert.Null(nic.Firmware);
        var lo = inventory.Interfaces.Single(i => i.Name == "lo");
        Assert.Null(lo.DriverVersion);
        Assert.Null(lo.Driver);
    }

    [Fact]
    public void A_software_device_takes_its_driver_name_from_the_driver_info_source()
    {
        using var tree = SysfsScenarios.Get("kvm-software").Create();

        var inventory = new SysfsDiscovery(tree.SystemRoot, new FakeDriverInfo()).Discover();

        var veth = inventory.Interfaces.Single(i => i.Name == "veth0");
        Assert.Equal("veth", veth.Driver);
        Assert.Equal(Nictune.Core.Model.NicClass.Software, veth.Class);
    }

    private sealed class FakeDriverInfo : IDriverInfoSource
    {
        public (string? Driver, string? Version, string? Firmware)? GetDriverInfo(string ifname) => ifname switch
        {
            "ens192" => ("vmxnet3", "1.9.2.0-k-NAPI", string.Empty),
            "veth0" => ("veth", "1.0", null),
            _ => null,
        };

        public int? GetLinkSpeed(string ifname) => null;

        public (int Rx, int Tx)? GetChannelCounts(string ifname) => null;

        public ChannelMaximum? GetChannelMaximum(string ifname) => null;
    }
}

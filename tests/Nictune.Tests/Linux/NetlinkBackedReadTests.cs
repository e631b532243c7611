using Nictune.Core.Model;
using Nictune.Linux.Netlink;
using Nictune.Linux.Sysfs;
using Nictune.Tests.Fixtures;
using Xunit;
using Rtnetlink = Nictune.Linux.Interop.Rtnetlink;

namespace Nictune.Tests.Linux;

/// <summary>
/// Which facts the live path takes from the rtnetlink dump and which it still reads from sysfs, field by field
/// (docs/discovery.md). The fixture tree and the hand-built dump disagree on purpose, so each answer shows its source;
/// that the two agree on a real kernel is the integration test's (NetlinkDiscoveryTests).
/// </summary>
public sealed class NetlinkBackedReadTests : IDisposable
{
    private readonly SysfsTreeBuilder _tree = new();

    public NetlinkBackedReadTests()
    {
        _tree.Netdev("br0", parentDevice: null, new NetdevOptions { DevType = "bridge", Directories = ["bridge"] });
        // The fixture's uevent claims a DEVTYPE a veth never has, to show that the live path does not read it.
        _tree.Netdev("vb0", parentDevice: null, new NetdevOptions { Mtu = 1500, OperState = "up", TxQueueLen = 1000, IfLink = 40, DevType = "fixture-only" });
        _tree.Enslave("vb0", "br0");
        // A software netdev whose uevent has no DEVTYPE line, as a macvlan's, a dummy's or loopback's.
        _tree.Netdev("sw0", parentDevice: null, new NetdevOptions { IfLink = 50 });
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void The_dump_gives_the_scalar_facts()
    {
        var links = Snapshot(
            Link(3, "br0", new LinkAttributes(DeviceType: 1, Mtu: 1500, OperState: 6, Kind: "bridge")),
            Link(9, "vb0", new LinkAttributes(DeviceType: 1, Mtu: 9000, OperState: 2, Address: "02:00:00:00:00:09", Link: 10, Master: 3, PhysPortName: "p0", Kind: "veth"), txQueueLength: 5000));

        var nic = Read("vb0", links);

        Assert.Equal(9, nic.IfIndex);
        Assert.Equal(9000, nic.Mtu);
        Assert.Equal("down", nic.OperState);
        Assert.Equal("02:00:00:00:00:09", nic.Mac);
        Assert.Equal(5000, nic.TxQueueLen);
        Assert.Equal("br0", nic.Master);
        Assert.Equal("p0", nic.PhysPortName);
        // No DEVTYPE read for a veth: its kind is the dump's IFLA_INFO_KIND.
        Assert.Equal("veth", nic.Kind);
        // Still from sysfs: speed, queues, adjacency.
        Assert.Equal(10000, nic.Speed);
        Assert.Equal(new QueueCounts(1, 1), nic.Queues);
        Assert.Equal(["br0"], nic.Uppers);
    }

    [Fact]
    public void What_the_kernel_leaves_out_on_purpose_reads_as_sysfs_would_show_it()
    {
        // No IFLA_ADDRESS: an address of length 0 (the file is an empty line). No IFLA_MASTER: no master link. No
        // IFLA_PHYS_PORT_NAME: the driver has none (the file fails with EOPNOTSUPP). No IFLA_LINK: iflink is the index,
        // and with no IFLA_INFO_KIND either (no link ops) the kind rules find nothing, as they would in sysfs.
        var links = Snapshot(Link(50, "sw0", new LinkAttributes(DeviceType: 1, Mtu: 1500, OperState: 6), txQueueLength: 1000));

        var nic = Read("sw0", links);

        Assert.Null(nic.Mac);
        Assert.Null(nic.Master);
        Assert.Null(nic.PhysPortName);
        Assert.Null(nic.Kind);
    }

    [Theory]
    [InlineData("macvlan", 10)] // iflink names its lower device, as a veth's names its peer: sysfs alone reads "veth"
    [InlineData("dummy", null)] // iflink is its own index: sysfs alone reads no kind
    public void A_software_link_without_a_devtype_takes_the_kind_the_kernel_names_in_the_dump(string kind, int? link)
    {
        var links = Snapshot(Link(50, "sw0", new LinkAttributes(DeviceType: 1, Link: link, Kind: kind)));

        Assert.Equal(kind, Read("sw0", links).Kind);
    }

    [Fact]
    public void A_link_without_a_kind_in_the_dump_gets_the_sysfs_rules_on_the_dumps_values()
    {
        // No link ops (IFLA_INFO_KIND absent) and IFLA_LINK naming another index: the iflink rule's answer.
        var links = Snapshot(Link(50, "sw0", new LinkAttributes(DeviceType: 1, Link: 10)));

        Assert.Equal("veth", Read("sw0", links).Kind);
    }

    [Fact]
    public void A_value_the_message_lacks_is_read_from_sysfs()
    {
        // IFLA_MTU, IFLA_OPERSTATE and IFLA_TXQLEN are in every message the kernel sends; without them, sysfs answers.
        // An IFLA_MASTER naming an index the dump does not hold is resolved through the master link.
        var links = Snapshot(Link(9, "vb0", new LinkAttributes(DeviceType: 1, Master: 77, Kind: "veth")));

        var nic = Read("vb0", links);

        Assert.Equal(1500, nic.Mtu);
        Assert.Equal("up", nic.OperState);
        Assert.Equal(1000, nic.TxQueueLen);
        Assert.Equal("br0", nic.Master);
    }

    [Fact]
    public void An_operstate_past_the_kernels_table_is_read_from_sysfs()
    {
        var links = Snapshot(Link(9, "vb0", new LinkAttributes(DeviceType: 1, OperState: 7, Kind: "veth")));

        Assert.Equal("up", Read("vb0", links).OperState);
    }

    [Fact]
    public void An_interface_missing_from_the_dump_is_read_from_sysfs_alone()
    {
        var fromSysfs = Read("vb0", links: null);

        var nic = Read("vb0", Snapshot(Link(3, "br0", new LinkAttributes(DeviceType: 1, Kind: "bridge"))));

        Assert.Equal(NetInterfaceText.Of(fromSysfs), NetInterfaceText.Of(nic));
        Assert.Equal("fixture-only", nic.Kind);
    }

    [Fact]
    public void A_kind_not_known_to_lack_a_devtype_still_has_its_uevent_read()
    {
        var links = Snapshot(Link(3, "br0", new LinkAttributes(DeviceType: 1, Mtu: 1500, OperState: 6, Kind: "bridge")));

        Assert.Equal("bridge", Read("br0", links).Kind);
    }

    [Fact]
    public void A_loopback_type_from_the_dump_makes_the_loopback_kind()
    {
        _tree.Netdev("lo9", parentDevice: null);
        var links = Snapshot(Link(1, "lo9", new LinkAttributes(DeviceType: 772, Mtu: 65536, OperState: 0, Address: "00:00:00:00:00:00")));

        var nic = Read("lo9", links);

        Assert.Equal("loopback", nic.Kind);
        Assert.Equal("unknown", nic.OperState);
    }

    [Theory]
    [InlineData(Rtnetlink.IFF_UP, 25000, 25000L)] // asked of the driver: the fixture's file says 10000
    [InlineData(0u, 25000, null)] // down: the speed file fails with EINVAL, so no question is asked
    [InlineData(Rtnetlink.IFF_UP, -1, null)] // SPEED_UNKNOWN
    [InlineData(Rtnetlink.IFF_UP, null, null)] // the driver has no get_link_ksettings
    public void A_software_devices_speed_is_asked_of_the_driver_while_it_is_up(uint flags, int? driverSpeed, long? expected)
    {
        var links = Snapshot(Link(9, "vb0", new LinkAttributes(DeviceType: 1, Kind: "veth", Flags: flags)));
        var driver = new SpeedOnly(driverSpeed);

        var nic = NetInterfaceReader.Read(_tree.SystemRoot, "vb0", _tree.SystemRoot.TryList("/sys/class/net/vb0"), driver, directory: null, links);

        Assert.Equal(expected, nic.Speed);
        Assert.Equal(flags != 0 ? 1 : 0, driver.Asked);
    }

    [Fact]
    public void A_device_backed_interfaces_speed_is_read_from_its_file()
    {
        var function = _tree.PciFunction("0000:00:05.0", "1af4:1041", "1af4:1100", "virtio-pci");
        _tree.Netdev("ens5", _tree.VirtioDevice(function, 0), new NetdevOptions { Speed = "40000" });
        var links = Snapshot(Link(5, "ens5", new LinkAttributes(DeviceType: 1, Flags: Rtnetlink.IFF_UP)));
        var driver = new SpeedOnly(25000);

        var nic = NetInterfaceReader.Read(_tree.SystemRoot, "ens5", _tree.SystemRoot.TryList("/sys/class/net/ens5"), driver, directory: null, links);

        Assert.Equal(40000, nic.Speed);
        Assert.Equal(0, driver.Asked);
    }

    [Theory]
    [InlineData("veth", 3, 5)] // GCHANNELS: the fixture's queues directory lists 1 and 1
    [InlineData("bridge", 1, 1)] // only a veth's channel counts are known to be its queue counts
    public void A_veths_queues_are_its_channel_counts(string driver, int rx, int tx)
    {
        var links = Snapshot(Link(9, "vb0", new LinkAttributes(DeviceType: 1, Kind: "veth")));

        var nic = NetInterfaceReader.Read(_tree.SystemRoot, "vb0", _tree.SystemRoot.TryList("/sys/class/net/vb0"), new Channels(driver, (3, 5)), directory: null, links);

        Assert.Equal(new QueueCounts(rx, tx), nic.Queues);
    }

    [Fact]
    public void A_veth_whose_channels_cannot_be_read_has_its_queues_listed()
    {
        var links = Snapshot(Link(9, "vb0", new LinkAttributes(DeviceType: 1, Kind: "veth")));

        var nic = NetInterfaceReader.Read(_tree.SystemRoot, "vb0", _tree.SystemRoot.TryList("/sys/class/net/vb0"), new Channels("veth", null), directory: null, links);

        Assert.Equal(new QueueCounts(1, 1), nic.Queues);
    }

    [Theory]
    [InlineData(0u, 0)]
    [InlineData(1500u, 1500)]
    [InlineData(uint.MaxValue, -1)] // fmt_dec prints the unsigned field as a signed int
    public void Unsigned_values_read_as_their_files_print_them(uint value, int printed)
    {
        Assert.Equal(printed, LinkFacts.AsPrinted(value));
    }

    [Fact]
    public void Netlink_is_refused_for_a_fixture_root()
    {
        using var links = new LiveLinkSource();

        Assert.Throws<ArgumentException>(() => new SysfsDiscovery(_tree.SystemRoot, driverInfo: null, links));
    }

    private NetInterface Read(string name, LinkSnapshot? links) =>
        NetInterfaceReader.Read(_tree.SystemRoot, name, _tree.SystemRoot.TryList($"/sys/class/net/{name}", out _), driverInfo: null, directory: null, links);

    private static LinkSnapshot Snapshot(params LinkMessage[] links) => new(links);

    /// <summary>A driver named <paramref name="driver"/> that answers GCHANNELS with <paramref name="counts"/>.</summary>
    private sealed class Channels(string driver, (int Rx, int Tx)? counts) : IDriverInfoSource
    {
        public (string? Driver, string? Version, string? Firmware)? GetDriverInfo(string ifname) => (driver, null, null);

        public int? GetLinkSpeed(string ifname) => null;

        public (int Rx, int Tx)? GetChannelCounts(string ifname) => counts;

        public ChannelMaximum? GetChannelMaximum(string ifname) => null;
    }

    /// <summary>A driver that answers GSET with <paramref name="speed"/> and nothing else.</summary>
    private sealed class SpeedOnly(int? speed) : IDriverInfoSource
    {
        public int Asked { get; private set; }

        public (string? Driver, string? Version, string? Firmware)? GetDriverInfo(string ifname) => null;

        public int? GetLinkSpeed(string ifname)
        {
            Asked++;
            return speed;
        }

        public (int Rx, int Tx)? GetChannelCounts(string ifname) => null;

        public ChannelMaximum? GetChannelMaximum(string ifname) => null;
    }

    private static LinkMessage Link(int ifIndex, string name, LinkAttributes attributes, uint? txQueueLength = null) =>
        new(Rtnetlink.RTM_NEWLINK, ifIndex, name, 0, 0, txQueueLength, null, attributes);
}

using Nictune.Core.Tuning;
using Nictune.Linux.Ethtool;
using Nictune.Linux.IO;
using Nictune.Linux.Tuning;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Linux.Tuning;

/// <summary>
/// The store on the live system, from a thread inside a test namespace: ethtool ioctls and /proc/sys/net act on
/// that namespace only. Sysfs-backed settings are not exercised here (sysfs follows the mount, not the thread).
/// Every test also checks that the host's own values stayed as they were.
/// </summary>
public sealed class LinuxSettingStoreNamespaceTests : IDisposable
{
    private readonly NetNamespace _ns;
    private readonly string _nic = "ns" + Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, string> _hostBefore;

    public LinuxSettingStoreNamespaceTests()
    {
        Prerequisite.RequireTool("ethtool");
        Prerequisite.RequireTool("sysctl");
        _hostBefore = HostSysctls();
        _ns = NetNamespace.Create();
        _ns.AddVethPair(_nic, _nic + "p", queues: 4);
    }

    public void Dispose()
    {
        _ns.Dispose();
        Assert.Equal(_hostBefore, HostSysctls());
    }

    [Fact]
    public void Sysctl_writes_land_in_the_namespace_as_sysctl_8_sees_them()
    {
        var host = HostSysctls();
        var somaxconn = host["net.core.somaxconn"] == "8192" ? "8193" : "8192";
        const string rmem = "4096 131072 16777216";

        var (readSomaxconn, readRmem) = InStore(store =>
        {
            store.Write(SettingKey.Sysctl("net.core.somaxconn"), somaxconn);
            store.Write(SettingKey.Sysctl("net.ipv4.tcp_rmem"), rmem);
            return (store.Read(SettingKey.Sysctl("net.core.somaxconn")), store.Read(SettingKey.Sysctl("net.ipv4.tcp_rmem")));
        });

        Assert.Equal(somaxconn, _ns.CheckExec("sysctl", "-n", "net.core.somaxconn").Trim());
        Assert.Equal(rmem, string.Join(' ', _ns.CheckExec("sysctl", "-n", "net.ipv4.tcp_rmem").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(new SettingReading(somaxconn), readSomaxconn);
        Assert.Equal(new SettingReading(rmem), readRmem);
        Assert.Equal(host, HostSysctls());
    }

    [Fact]
    public void A_sysctl_value_the_kernel_rejects_is_EINVAL_and_changes_nothing()
    {
        var before = _ns.CheckExec("sysctl", "-n", "net.ipv4.tcp_rmem");

        var e = Assert.Throws<SettingWriteException>(() => InStore(store =>
        {
            store.Write(SettingKey.Sysctl("net.ipv4.tcp_rmem"), "not numbers");
            return 0;
        }));

        Assert.Equal(Errnos.EINVAL, e.Errno);
        Assert.Contains("/proc/sys/net/ipv4/tcp_rmem", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, _ns.CheckExec("sysctl", "-n", "net.ipv4.tcp_rmem"));
    }

    [Fact]
    public void A_global_sysctl_is_absent_in_a_child_namespace()
    {
        var reading = InStore(store => store.Read(SettingKey.Sysctl("net.core.netdev_max_backlog")));
        Assert.False(reading.IsSupported);
        Assert.Contains("does not exist (ENOENT)", reading.UnsupportedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Feature_writes_are_what_ethtool_k_shows()
    {
        var (gro, tso) = InStore(store =>
        {
            store.Write(SettingKey.Interface(_nic, "feature.rx-gro"), "on");
            store.Write(SettingKey.Interface(_nic, "feature.tx-tcp-segmentation"), "off");
            return (store.Read(SettingKey.Interface(_nic, "feature.rx-gro")), store.Read(SettingKey.Interface(_nic, "feature.tx-tcp-segmentation")));
        });

        var shown = EthtoolOutput.Features(_ns.CheckExec("ethtool", "-k", _nic));
        Assert.True(shown["generic-receive-offload"].On);
        Assert.False(shown["tx-tcp-segmentation"].On);
        Assert.Equal("on", gro.Value);
        Assert.Equal("off", tso.Value);

        InStore(store =>
        {
            store.Write(SettingKey.Interface(_nic, "feature.rx-gro"), "off");
            return 0;
        });
        Assert.False(EthtoolOutput.Features(_ns.CheckExec("ethtool", "-k", _nic))["generic-receive-offload"].On);
    }

    [Fact]
    public void A_fixed_feature_reads_unsupported_and_refuses_writes_with_EOPNOTSUPP()
    {
        var (reading, error) = InStore(store => (
            store.Read(SettingKey.Interface(_nic, "feature.tx-checksum-ipv4")),
            Record.Exception(() => store.Write(SettingKey.Interface(_nic, "feature.tx-checksum-ipv4"), "on"))));

        Assert.Equal(SettingReading.Unsupported("fixed"), reading);
        Assert.True(Assert.IsType<SettingWriteException>(error).IsUnsupported);
        Assert.False(EthtoolOutput.Features(_ns.CheckExec("ethtool", "-k", _nic))["tx-checksum-ipv4"].On);
    }

    [Fact]
    public void Channel_writes_are_what_ethtool_l_shows()
    {
        var (before, combined) = InStore(store =>
        {
            var rx = store.Read(SettingKey.Interface(_nic, "channels.rx"));
            store.Write(SettingKey.Interface(_nic, "channels.rx"), "2");
            store.Write(SettingKey.Interface(_nic, "channels.tx"), "1");
            return (rx, store.Read(SettingKey.Interface(_nic, "channels.combined")));
        });

        Assert.Equal(new SettingReading("4", 4), before);
        Assert.Equal(SettingReading.Unsupported("no combined channels (maximum 0)"), combined);
        var current = EthtoolOutput.Channels(_ns.CheckExec("ethtool", "-l", _nic)).Current;
        Assert.Equal(2u, current["RX"]);
        Assert.Equal(1u, current["TX"]);
    }

    [Fact]
    public void Channels_above_the_maximum_are_EINVAL_with_the_maximum_named()
    {
        var e = Assert.Throws<SettingWriteException>(() => InStore(store =>
        {
            store.Write(SettingKey.Interface(_nic, "channels.rx"), "9");
            return 0;
        }));

        Assert.Equal(Errnos.EINVAL, e.Errno);
        Assert.Contains("rx channel maximum is 4", e.Message, StringComparison.Ordinal);
        Assert.Equal(4u, EthtoolOutput.Channels(_ns.CheckExec("ethtool", "-l", _nic)).Current["RX"]);
    }

    [Fact]
    public void Rings_and_coalescing_on_veth_read_as_unsupported_and_refuse_writes()
    {
        var (ring, coalesce, ringWrite, coalesceWrite) = InStore(store => (
            store.Read(SettingKey.Interface(_nic, "ring.rx")),
            store.Read(SettingKey.Interface(_nic, "coalesce.rx-usecs")),
            Record.Exception(() => store.Write(SettingKey.Interface(_nic, "ring.rx"), "1024")),
            Record.Exception(() => store.Write(SettingKey.Interface(_nic, "coalesce.adaptive-rx"), "on"))));

        Assert.Equal(SettingReading.Unsupported("no ring parameters (EOPNOTSUPP)"), ring);
        Assert.Equal(SettingReading.Unsupported("no coalescing parameters (EOPNOTSUPP)"), coalesce);
        Assert.True(Assert.IsType<SettingWriteException>(ringWrite).IsUnsupported);
        Assert.True(Assert.IsType<SettingWriteException>(coalesceWrite).IsUnsupported);
    }

    [Fact]
    public void An_interface_that_does_not_exist_reads_as_unsupported()
    {
        var reading = InStore(store => store.Read(SettingKey.Interface("nosuchnic0", "channels.rx")));
        Assert.Equal(SettingReading.Unsupported("no interface nosuchnic0 (ENODEV)"), reading);
    }

    private T InStore<T>(Func<LinuxSettingStore, T> body) => NamespaceThread.Run(_ns, () =>
    {
        using var ethtool = new EthtoolClient();
        return body(new LinuxSettingStore(SystemRoot.Live, ethtool));
    });

    /// <summary>The host namespace's values of the sysctls these tests write in the test namespace.</summary>
    private static Dictionary<string, string> HostSysctls() => new(StringComparer.Ordinal)
    {
        ["net.core.somaxconn"] = File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(),
        ["net.ipv4.tcp_rmem"] = File.ReadAllText("/proc/sys/net/ipv4/tcp_rmem").Trim(),
    };
}

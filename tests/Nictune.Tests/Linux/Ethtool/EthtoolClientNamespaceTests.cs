using Nictune.Core.Tuning;
using Nictune.Linux.Ethtool;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Linux.Ethtool;

/// <summary>
/// The ioctl client against the real kernel, inside a namespace with a 4-queue veth pair, cross-checked with the
/// real ethtool(8) run in the same namespace. Nothing outside the namespace is touched.
/// </summary>
public sealed class EthtoolClientNamespaceTests : IDisposable
{
    private readonly NetNamespace _ns;
    private readonly string _nic = "nt" + Guid.NewGuid().ToString("N")[..8];

    public EthtoolClientNamespaceTests()
    {
        Prerequisite.RequireTool("ethtool");
        _ns = NetNamespace.Create();
        _ns.AddVethPair(_nic, _nic + "p", queues: 4);
    }

    public void Dispose() => _ns.Dispose();

    [Fact]
    public void A_thread_that_joined_the_namespace_sees_its_sysctls_and_interfaces_but_not_its_sysfs()
    {
        var hostSomaxconn = File.ReadAllText("/proc/sys/net/core/somaxconn").Trim();
        var value = hostSomaxconn == "1234" ? "1235" : "1234";
        _ns.CheckExec("sysctl", "-q", "-w", $"net.core.somaxconn={value}");
        var nsInode = _ns.CheckExec("readlink", "/proc/self/ns/net").Trim();

        var (threadInode, threadSomaxconn, driver, sysfsShowsNic) = NamespaceThread.Run(_ns, () =>
        {
            using var client = new EthtoolClient();
            return (
                new FileInfo("/proc/thread-self/ns/net").LinkTarget,
                File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(),
                client.GetDriverInfo(_nic).Driver,
                Directory.Exists($"/sys/class/net/{_nic}"));
        });

        Assert.Equal(nsInode, threadInode);
        Assert.Equal(value, threadSomaxconn);
        Assert.Equal("veth", driver);
        Assert.False(sysfsShowsNic, "sysfs follows the mount, not the thread: in-process tests must not rely on it");
        Assert.Equal(hostSomaxconn, File.ReadAllText("/proc/sys/net/core/somaxconn").Trim());
    }

    [Fact]
    public void The_namespaced_interface_is_invisible_to_a_client_created_on_a_host_thread()
    {
        using var client = new EthtoolClient();
        var e = Assert.Throws<EthtoolException>(() => client.GetDriverInfo(_nic));
        Assert.Equal(Errnos.ENODEV, e.Errno);
        Assert.Equal("ETHTOOL_GDRVINFO", e.Command);
        Assert.Equal(_nic, e.Interface);
        Assert.Contains("(ENODEV)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Driver_info_matches_ethtool_i()
    {
        var expected = EthtoolOutput.KeyValues(_ns.CheckExec("ethtool", "-i", _nic));

        var info = InNamespace(c => c.GetDriverInfo(_nic));

        Assert.Equal(expected["driver"], info.Driver);
        Assert.Equal(expected["version"], info.Version);
        Assert.Equal(expected["firmware-version"], info.FirmwareVersion);
        Assert.Equal(expected["bus-info"], info.BusInfo);
    }

    [Fact]
    public void Features_match_ethtool_k()
    {
        var expected = EthtoolOutput.Features(_ns.CheckExec("ethtool", "-k", _nic));

        var features = InNamespace(c => c.GetFeatures(_nic));

        // ethtool prints legacy names for a few features (rx-gro is "generic-receive-offload"); the rest by kernel name.
        var compared = 0;
        foreach (var f in features)
        {
            var shown = f.Name switch
            {
                "rx-gro" => "generic-receive-offload",
                "rx-lro" => "large-receive-offload",
                _ => f.Name,
            };
            if (expected.TryGetValue(shown, out var state))
            {
                Assert.True(state == (f.Active, f.IsFixed), $"{f.Name}: ethtool says {state}, ioctl says on={f.Active} fixed={f.IsFixed}");
                compared++;
            }
        }

        Assert.True(compared >= 20, $"only {compared} features could be compared");
        Assert.Equal(features.Count, features.Select(f => f.Name).Distinct().Count());
    }

    [Fact]
    public void Set_features_changes_what_ethtool_k_shows_and_reports_the_change()
    {
        var before = EthtoolOutput.Features(_ns.CheckExec("ethtool", "-k", _nic));
        Assert.True(before["tx-tcp-segmentation"].On, "veth starts with TSO on");
        Assert.False(before["generic-receive-offload"].On, "veth starts with GRO off");

        var on = InNamespace(c => c.SetFeatures(_nic, new Dictionary<string, bool> { ["rx-gro"] = true, ["tx-tcp-segmentation"] = false }));

        var mid = EthtoolOutput.Features(_ns.CheckExec("ethtool", "-k", _nic));
        Assert.True(mid["generic-receive-offload"].On);
        Assert.False(mid["tx-tcp-segmentation"].On);
        Assert.Contains("rx-gro", on.Changed);
        Assert.Contains("tx-tcp-segmentation", on.Changed);
        Assert.Empty(on.Refused);

        var off = InNamespace(c => c.SetFeatures(_nic, new Dictionary<string, bool> { ["rx-gro"] = false }));

        Assert.False(EthtoolOutput.Features(_ns.CheckExec("ethtool", "-k", _nic))["generic-receive-offload"].On);
        Assert.Equal(["rx-gro"], off.Changed);
        Assert.Equal(FeatureChangeWarnings.None, off.Warnings);
    }

    [Fact]
    public void One_client_reads_the_features_of_both_ends_with_the_names_it_read_once()
    {
        var peer = _nic + "p";
        _ns.CheckExec("ethtool", "-K", peer, "gro", "on");

        var (mine, theirs) = InNamespace(c => (c.GetFeatures(_nic), c.GetFeatures(peer)));

        Assert.Equal(mine.Select(f => f.Name), theirs.Select(f => f.Name));
        Assert.False(mine.Single(f => f.Name == "rx-gro").Active);
        Assert.True(theirs.Single(f => f.Name == "rx-gro").Active);
    }

    [Fact]
    public void Set_features_measures_changes_against_the_state_the_caller_read()
    {
        var result = InNamespace(c =>
        {
            var before = c.GetFeatures(_nic);
            return c.SetFeatures(_nic, new Dictionary<string, bool> { ["rx-gro"] = true }, before);
        });

        Assert.True(EthtoolOutput.Features(_ns.CheckExec("ethtool", "-k", _nic))["generic-receive-offload"].On);
        Assert.Contains("rx-gro", result.Changed);
        Assert.Empty(result.Refused);
    }

    [Fact]
    public void A_fixed_feature_is_refused_and_the_kernel_says_unsupported()
    {
        var result = InNamespace(c =>
        {
            var fixedOff = c.GetFeatures(_nic).First(f => f.IsFixed && !f.Active && f.Name == "tx-checksum-ipv4");
            return c.SetFeatures(_nic, new Dictionary<string, bool> { [fixedOff.Name] = true });
        });

        Assert.Equal(["tx-checksum-ipv4"], result.Refused);
        Assert.Empty(result.Changed);
        Assert.True(result.Warnings.HasFlag(FeatureChangeWarnings.Unsupported), $"warnings: {result.Warnings}");
    }

    [Fact]
    public void An_unknown_feature_name_is_an_argument_error()
    {
        var e = Assert.Throws<ArgumentException>(() => InNamespace(c => c.SetFeatures(_nic, new Dictionary<string, bool> { ["no-such-feature"] = true })));
        Assert.Contains("no-such-feature", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Channels_match_ethtool_l_and_can_be_set()
    {
        var (max, current) = EthtoolOutput.Channels(_ns.CheckExec("ethtool", "-l", _nic));

        var channels = InNamespace(c => c.GetChannels(_nic));

        Assert.Equal((max["RX"], max["TX"], max["Other"], max["Combined"]), (channels.MaxRx, channels.MaxTx, channels.MaxOther, channels.MaxCombined));
        Assert.Equal((current["RX"], current["TX"], current["Other"], current["Combined"]), (channels.Rx, channels.Tx, channels.Other, channels.Combined));
        Assert.Equal(4u, channels.MaxRx);

        InNamespace(c =>
        {
            c.SetChannels(_nic, channels with { Rx = 2, Tx = 3 });
            return 0;
        });

        var after = EthtoolOutput.Channels(_ns.CheckExec("ethtool", "-l", _nic)).Current;
        Assert.Equal(2u, after["RX"]);
        Assert.Equal(3u, after["TX"]);
    }

    [Fact]
    public void Channels_above_the_maximum_are_EINVAL()
    {
        var e = Assert.Throws<EthtoolException>(() => InNamespace(c =>
        {
            c.SetChannels(_nic, c.GetChannels(_nic) with { Rx = 5 });
            return 0;
        }));

        Assert.Equal(Errnos.EINVAL, e.Errno);
        Assert.Equal("ETHTOOL_SCHANNELS", e.Command);
        Assert.Equal(4u, EthtoolOutput.Channels(_ns.CheckExec("ethtool", "-l", _nic)).Current["RX"]);
    }

    [Fact]
    public void Rings_and_coalescing_are_EOPNOTSUPP_on_veth()
    {
        var rings = Assert.Throws<EthtoolException>(() => InNamespace(c => c.GetRingParameters(_nic)));
        var coalesce = Assert.Throws<EthtoolException>(() => InNamespace(c => c.GetCoalesce(_nic)));

        Assert.True(rings.IsUnsupported, rings.Message);
        Assert.Equal("ETHTOOL_GRINGPARAM", rings.Command);
        Assert.True(coalesce.IsUnsupported, coalesce.Message);
        Assert.Equal("ETHTOOL_GCOALESCE", coalesce.Command);
    }

    [Fact]
    public void Statistics_match_ethtool_S_row_by_row()
    {
        var stats = InNamespace(c => c.GetStatistics(_nic));
        var expected = EthtoolOutput.Statistics(_ns.CheckExec("ethtool", "-S", _nic));

        // Names repeat per queue on some drivers, so compare as ordered rows, never as a map.
        Assert.Equal(expected.Select(r => r.Name), stats.Select(s => s.Name));
        Assert.Equal(expected.Single(r => r.Name == "peer_ifindex").Value, stats.Single(s => s.Name == "peer_ifindex").Value);
        Assert.Contains(stats, s => s.Name == "rx_queue_3_drops");
    }

    [Fact]
    public void A_name_longer_than_IFNAMSIZ_is_rejected_before_the_kernel()
    {
        using var client = new EthtoolClient();
        var e = Assert.Throws<ArgumentException>(() => client.GetDriverInfo("a-very-long-interface-name"));
        Assert.Contains("a-very-long-interface-name", e.Message, StringComparison.Ordinal);
    }

    private T InNamespace<T>(Func<EthtoolClient, T> body) => NamespaceThread.Run(_ns, () =>
    {
        using var client = new EthtoolClient();
        return body(client);
    });
}

using Nictune.Core.Tuning;
using Nictune.Linux.Ethtool;
using Nictune.Linux.Tuning;
using Xunit;

namespace Nictune.Tests.Linux.Tuning;

/// <summary>The store's mapping and read-modify-write logic, over a fake device and a fixture tree.</summary>
public sealed class LinuxSettingStoreTests : IDisposable
{
    private const string Nic = "eth0";
    private readonly FakeEthtool _ethtool = new();
    private readonly FixtureRoot _fixture = new();
    private readonly LinuxSettingStore _store;

    public LinuxSettingStoreTests() => _store = new LinuxSettingStore(_fixture.Root, _ethtool);

    public void Dispose() => _fixture.Dispose();

    private static SettingKey Key(string name) => SettingKey.Interface(Nic, name);

    [Fact]
    public void Ring_reads_carry_the_maximum()
    {
        Assert.Equal(new SettingReading("512", 4096), _store.Read(Key("ring.rx")));
        Assert.Equal(new SettingReading("1024", 4096), _store.Read(Key("ring.tx")));
    }

    [Fact]
    public void A_ring_with_maximum_zero_is_unsupported()
    {
        var reading = _store.Read(Key("ring.rx-jumbo"));
        Assert.False(reading.IsSupported);
        Assert.Equal("no rx-jumbo ring (maximum 0)", reading.UnsupportedReason);
    }

    [Fact]
    public void A_device_without_ring_operations_reads_as_unsupported()
    {
        _ethtool.Rings = null;
        Assert.Equal(SettingReading.Unsupported("no ring parameters (EOPNOTSUPP)"), _store.Read(Key("ring.rx")));
    }

    [Theory]
    [InlineData(5, "EIO")]       // a driver mid-reset
    [InlineData(16, "EBUSY")]
    [InlineData(38, "ENOSYS")]   // qemu-user has no ethtool ioctl
    [InlineData(1, "EPERM")]
    public void Any_other_refused_read_is_an_unsupported_reading_that_names_the_errno(int errno, string name)
    {
        _ethtool.FailReadsWith = errno;

        foreach (var setting in new[] { "ring.rx", "channels.combined", "coalesce.rx-usecs", "feature.rx-gro" })
        {
            var reading = _store.Read(Key(setting));

            Assert.False(reading.IsSupported);
            Assert.StartsWith("cannot read ", reading.UnsupportedReason, StringComparison.Ordinal);
            Assert.Contains(name, reading.UnsupportedReason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_ring_write_changes_one_ring_and_keeps_the_others()
    {
        _store.Write(Key("ring.rx"), "4096");

        Assert.Equal(4096u, _ethtool.Rings!.Rx);
        Assert.Equal(1024u, _ethtool.Rings.Tx);
        Assert.Equal(["ETHTOOL_GRINGPARAM", "ETHTOOL_SRINGPARAM"], _ethtool.Calls);
    }

    [Fact]
    public void A_ring_write_of_the_current_value_issues_no_set()
    {
        _store.Write(Key("ring.rx"), "512");
        Assert.Equal(["ETHTOOL_GRINGPARAM"], _ethtool.Calls);
    }

    [Fact]
    public void A_ring_above_the_maximum_is_EINVAL_and_says_the_maximum()
    {
        var e = Assert.Throws<SettingWriteException>(() => _store.Write(Key("ring.rx"), "8192"));

        Assert.Equal(Errnos.EINVAL, e.Errno);
        Assert.Equal(Key("ring.rx"), e.Key);
        Assert.Contains("maximum is 4096", e.Message, StringComparison.Ordinal);
        Assert.Equal(512u, _ethtool.Rings!.Rx);
    }

    [Fact]
    public void A_ring_write_without_ring_operations_is_EOPNOTSUPP()
    {
        _ethtool.Rings = null;
        var e = Assert.Throws<SettingWriteException>(() => _store.Write(Key("ring.tx"), "512"));
        Assert.True(e.IsUnsupported);
        Assert.Contains("no ring parameters (EOPNOTSUPP)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ring.rx", "-1")]
    [InlineData("ring.rx", "4k")]
    [InlineData("channels.combined", " 4")]
    [InlineData("coalesce.rx-usecs", "")]
    [InlineData("coalesce.adaptive-rx", "true")]
    [InlineData("feature.rx-gro", "1")]
    public void A_malformed_value_is_refused_before_any_kernel_call(string name, string value)
    {
        var e = Assert.Throws<SettingWriteException>(() => _store.Write(Key(name), value));

        Assert.Equal(0, e.Errno);
        Assert.Contains($"'{value}'", e.Message, StringComparison.Ordinal);
        Assert.Empty(_ethtool.Calls);
    }

    [Fact]
    public void Channels_read_and_write_one_count()
    {
        Assert.Equal(new SettingReading("4", 8), _store.Read(Key("channels.combined")));
        Assert.Equal(SettingReading.Unsupported("no rx channels (maximum 0)"), _store.Read(Key("channels.rx")));

        _store.Write(Key("channels.combined"), "8");

        Assert.Equal(8u, _ethtool.Channels!.Combined);
        Assert.Equal(1u, _ethtool.Channels.Other);
    }

    [Fact]
    public void Channels_above_the_maximum_are_EINVAL()
    {
        var e = Assert.Throws<SettingWriteException>(() => _store.Write(Key("channels.combined"), "9"));
        Assert.Equal(Errnos.EINVAL, e.Errno);
        Assert.Contains("combined channel maximum is 8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coalescing_reads_numbers_and_on_off()
    {
        Assert.Equal("on", _store.Read(Key("coalesce.adaptive-rx")).Value);
        Assert.Equal("off", _store.Read(Key("coalesce.adaptive-tx")).Value);
        Assert.Equal("50", _store.Read(Key("coalesce.rx-usecs")).Value);
        Assert.Equal("64", _store.Read(Key("coalesce.rx-frames")).Value);
        Assert.Equal("0", _store.Read(Key("coalesce.tx-frames")).Value);
    }

    [Fact]
    public void A_coalescing_write_keeps_every_other_field()
    {
        _store.Write(Key("coalesce.adaptive-rx"), "off");
        _store.Write(Key("coalesce.rx-usecs"), "125");

        Assert.Equal(
            new CoalesceParameters { RxUsecs = 125, TxUsecs = 50, RxFrames = 64, AdaptiveRx = false, RateSampleInterval = 2 },
            _ethtool.Coalesce);
    }

    [Fact]
    public void A_device_without_coalescing_reads_as_unsupported()
    {
        _ethtool.Coalesce = null;
        Assert.Equal(SettingReading.Unsupported("no coalescing parameters (EOPNOTSUPP)"), _store.Read(Key("coalesce.rx-usecs")));
    }

    [Fact]
    public void Features_read_as_on_off_and_fixed_ones_as_unsupported()
    {
        Assert.Equal(new SettingReading("on"), _store.Read(Key("feature.rx-gro")));
        Assert.Equal(SettingReading.Unsupported("fixed"), _store.Read(Key("feature.rx-lro")));
        Assert.Equal(SettingReading.Unsupported("eth0 has no feature named rx-nope"), _store.Read(Key("feature.rx-nope")));
    }

    [Fact]
    public void A_feature_write_sets_only_that_feature()
    {
        _store.Write(Key("feature.rx-gro"), "off");

        Assert.False(_ethtool.Features.Single(f => f.Name == "rx-gro").Active);
        Assert.Contains("ETHTOOL_SFEATURES rx-gro=False", _ethtool.Calls);
    }

    [Fact]
    public void A_feature_write_reads_the_features_once_and_hands_them_to_the_set()
    {
        _store.Write(Key("feature.rx-gro"), "off");

        Assert.Equal(["ETHTOOL_GFEATURES", "ETHTOOL_SFEATURES rx-gro=False"], _ethtool.Calls);
    }

    [Fact]
    public void A_fixed_feature_write_is_EOPNOTSUPP_without_a_set()
    {
        var e = Assert.Throws<SettingWriteException>(() => _store.Write(Key("feature.rx-lro"), "on"));

        Assert.True(e.IsUnsupported);
        Assert.Contains("fixed off", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_ethtool.Calls, c => c.StartsWith("ETHTOOL_SFEATURES", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fixed_feature_already_in_the_wanted_state_is_no_write()
    {
        _store.Write(Key("feature.rx-lro"), "off");
        Assert.DoesNotContain(_ethtool.Calls, c => c.StartsWith("ETHTOOL_SFEATURES", StringComparison.Ordinal));
    }

    [Fact]
    public void A_feature_the_kernel_only_wishes_is_refused_and_the_wish_taken_back()
    {
        _store.Write(Key("feature.tx-tcp-segmentation"), "off");
        _ethtool.Stubborn.Add("tx-tcp-segmentation");

        var e = Assert.Throws<SettingWriteException>(() => _store.Write(Key("feature.tx-tcp-segmentation"), "on"));

        Assert.Equal(0, e.Errno);
        Assert.Contains("kept tx-tcp-segmentation off", e.Message, StringComparison.Ordinal);
        var tso = _ethtool.Features.Single(f => f.Name == "tx-tcp-segmentation");
        Assert.False(tso.Requested, "the refused request was restored");
        Assert.False(tso.Active);
    }

    [Fact]
    public void An_unknown_feature_write_is_EOPNOTSUPP()
    {
        var e = Assert.Throws<SettingWriteException>(() => _store.Write(Key("feature.rx-nope"), "on"));
        Assert.True(e.IsUnsupported);
    }

    [Theory]
    [InlineData("txqueuelen", "/sys/class/net/eth0/tx_queue_len", "1000", "10000")]
    [InlineData("rps-cpus.rx-0", "/sys/class/net/eth0/queues/rx-0/rps_cpus", "00000000", "0000000f")]
    [InlineData("rps-flow-cnt.rx-3", "/sys/class/net/eth0/queues/rx-3/rps_flow_cnt", "0", "4096")]
    [InlineData("xps-cpus.tx-1", "/sys/class/net/eth0/queues/tx-1/xps_cpus", "2", "3")]
    [InlineData("irq-affinity.45", "/proc/irq/45/smp_affinity_list", "0-3", "2")]
    public void File_backed_settings_read_and_write_their_file(string name, string path, string before, string after)
    {
        _fixture.With(path, before + "\n");

        Assert.Equal(new SettingReading(before), _store.Read(Key(name)));
        _store.Write(Key(name), after);

        Assert.Equal(after + "\n", _fixture.Content(path));
        Assert.Equal(new SettingReading(after), _store.Read(Key(name)));
    }

    [Fact]
    public void A_missing_file_reads_as_unsupported_and_a_write_is_ENOENT()
    {
        var reading = _store.Read(Key("xps-cpus.tx-0"));
        Assert.Equal("/sys/class/net/eth0/queues/tx-0/xps_cpus does not exist (ENOENT)", reading.UnsupportedReason);

        var e = Assert.Throws<SettingWriteException>(() => _store.Write(Key("xps-cpus.tx-0"), "1"));
        Assert.Equal(Errnos.ENOENT, e.Errno);
        Assert.Contains("/sys/class/net/eth0/queues/tx-0/xps_cpus", e.Message, StringComparison.Ordinal);
        Assert.False(_fixture.Root.Exists("/sys/class/net/eth0/queues/tx-0/xps_cpus"), "a write never creates a file");
    }

    [Fact]
    public void A_value_with_a_newline_is_refused_and_nothing_written()
    {
        _fixture.With("/sys/class/net/eth0/tx_queue_len", "1000\n");
        var e = Assert.Throws<SettingWriteException>(() => _store.Write(Key("txqueuelen"), "2000\n3000"));
        Assert.Equal(0, e.Errno);
        Assert.Equal("1000\n", _fixture.Content("/sys/class/net/eth0/tx_queue_len"));
    }

    [Fact]
    public void Sysctls_map_dots_to_slashes_and_read_with_single_spaces()
    {
        _fixture.With("/proc/sys/net/ipv4/tcp_rmem", "4096\t131072\t6291456\n");

        Assert.Equal(new SettingReading("4096 131072 6291456"), _store.Read(SettingKey.Sysctl("net.ipv4.tcp_rmem")));
        _store.Write(SettingKey.Sysctl("net.ipv4.tcp_rmem"), "4096 131072 16777216");
        Assert.Equal("4096 131072 16777216\n", _fixture.Content("/proc/sys/net/ipv4/tcp_rmem"));
    }

    [Fact]
    public void A_sysctl_absent_here_reads_as_unsupported()
    {
        var reading = _store.Read(SettingKey.Sysctl("net.core.netdev_max_backlog"));
        Assert.Equal("/proc/sys/net/core/netdev_max_backlog does not exist (ENOENT)", reading.UnsupportedReason);
    }

    [Theory]
    [InlineData("net..core.somaxconn")]
    [InlineData("../../etc/passwd")]
    [InlineData("net/../../../etc/shadow")]
    [InlineData("/etc/passwd")]
    [InlineData("net/core/./somaxconn")]
    [InlineData("")]
    public void A_sysctl_key_that_escapes_proc_sys_is_refused(string key)
    {
        var e = Assert.Throws<ArgumentException>(() => _store.Write(SettingKey.Sysctl(key), "1"));
        Assert.Contains("refused", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => _store.Read(SettingKey.Sysctl(key)));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("eth0:1")]
    [InlineData("sixteen-chars-xx")]
    [InlineData("")]
    public void An_invalid_interface_name_is_refused(string nic)
    {
        var e = Assert.Throws<ArgumentException>(() => _store.Write(SettingKey.Interface(nic, "txqueuelen"), "1"));
        Assert.Contains("not a valid interface name", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ring.rx2")]
    [InlineData("channels.other")]
    [InlineData("coalesce.rx-usecs-irq")]
    [InlineData("rps-cpus.tx-0")]
    [InlineData("xps-cpus.tx-")]
    [InlineData("irq-affinity.12a")]
    [InlineData("irq-affinity.../../x")]
    [InlineData("txqueuelen.x")]
    [InlineData("mtu")]
    public void An_unknown_setting_name_is_refused(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => _store.Read(Key(name)));
        Assert.Contains($"unknown interface setting '{name}'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => _store.Write(Key(name), "1"));
    }
}

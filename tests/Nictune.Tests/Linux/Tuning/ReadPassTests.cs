using Nictune.Core.Tuning;
using Nictune.Linux.Tuning;
using Xunit;

namespace Nictune.Tests.Linux.Tuning;

/// <summary>
/// <see cref="ISettingStore.ReadPass"/> on Linux: within a pass each device's ethtool block is read once for all its
/// settings; a write, or the end of the pass, makes the next read go to the kernel again.
/// </summary>
public sealed class ReadPassTests : IDisposable
{
    private readonly FakeEthtool _ethtool = new();
    private readonly FixtureRoot _fixture = new();
    private readonly LinuxSettingStore _store;

    public ReadPassTests() => _store = new LinuxSettingStore(_fixture.Root, _ethtool);

    public void Dispose() => _fixture.Dispose();

    private static SettingKey Key(string nic, string name) => SettingKey.Interface(nic, name);

    private int CallsOf(string command) => _ethtool.Calls.Count(c => c.StartsWith(command, StringComparison.Ordinal));

    [Fact]
    public void Without_a_pass_every_read_is_an_ioctl()
    {
        _ = _store.Read(Key("eth0", "feature.rx-gro"));
        _ = _store.Read(Key("eth0", "feature.tx-tcp-segmentation"));

        Assert.Equal(2, CallsOf("ETHTOOL_GFEATURES"));
    }

    [Fact]
    public void Within_a_pass_each_device_block_is_read_once()
    {
        using (_store.ReadPass())
        {
            foreach (var nic in new[] { "eth0", "eth1" })
            {
                Assert.Equal("on", _store.Read(Key(nic, "feature.rx-gro")).Value);
                Assert.Equal("on", _store.Read(Key(nic, "feature.tx-tcp-segmentation")).Value);
                Assert.Equal("4", _store.Read(Key(nic, "channels.combined")).Value);
                Assert.False(_store.Read(Key(nic, "channels.rx")).IsSupported);
                Assert.Equal("512", _store.Read(Key(nic, "ring.rx")).Value);
                Assert.Equal("1024", _store.Read(Key(nic, "ring.tx")).Value);
            }
        }

        Assert.Equal((2, 2, 2), (CallsOf("ETHTOOL_GFEATURES"), CallsOf("ETHTOOL_GCHANNELS"), CallsOf("ETHTOOL_GRINGPARAM")));
    }

    [Fact]
    public void A_refusal_is_kept_for_the_block_like_a_reading()
    {
        _ethtool.Coalesce = null;

        using (_store.ReadPass())
        {
            Assert.Equal("no coalescing parameters (EOPNOTSUPP)", _store.Read(Key("eth0", "coalesce.rx-usecs")).UnsupportedReason);
            Assert.Equal("no coalescing parameters (EOPNOTSUPP)", _store.Read(Key("eth0", "coalesce.tx-usecs")).UnsupportedReason);
        }

        Assert.Equal(1, CallsOf("ETHTOOL_GCOALESCE"));
    }

    [Fact]
    public void A_write_reads_afresh_and_the_next_read_of_that_device_sees_it()
    {
        using (_store.ReadPass())
        {
            Assert.Equal("512", _store.Read(Key("eth0", "ring.rx")).Value);

            _store.Write(Key("eth0", "ring.rx"), "2048");

            Assert.Equal("2048", _store.Read(Key("eth0", "ring.rx")).Value);
            Assert.Equal("1024", _store.Read(Key("eth0", "ring.tx")).Value);
        }

        // One read before the write, one for the read-modify-write, one after it.
        Assert.Equal(3, CallsOf("ETHTOOL_GRINGPARAM"));
    }

    [Fact]
    public void A_closed_pass_keeps_nothing_and_a_change_behind_the_store_is_seen()
    {
        using (_store.ReadPass())
        {
            Assert.Equal("512", _store.Read(Key("eth0", "ring.rx")).Value);
        }

        _ethtool.Rings = _ethtool.Rings! with { Rx = 256 };

        using (_store.ReadPass())
        {
            Assert.Equal("256", _store.Read(Key("eth0", "ring.rx")).Value);
        }
    }

    [Fact]
    public void Passes_nest_and_another_thread_reads_the_kernel()
    {
        using (_store.ReadPass())
        {
            using (_store.ReadPass())
            {
                _ = _store.Read(Key("eth0", "ring.rx"));
            }

            _ = _store.Read(Key("eth0", "ring.tx"));
            var other = new Thread(() =>
            {
                using var pass = _store.ReadPass();
                _ = _store.Read(Key("eth0", "ring.rx"));
                _ = _store.Read(Key("eth0", "ring.rx"));
            });
            other.Start();
            other.Join();
        }

        Assert.Equal(3, CallsOf("ETHTOOL_GRINGPARAM"));
    }

    [Fact]
    public void Channel_counts_written_together_are_one_read_and_one_set()
    {
        _ethtool.Channels = _ethtool.Channels! with { Rx = 2, Tx = 2, Combined = 0, MaxRx = 4, MaxTx = 4, MaxCombined = 0 };

        _store.WriteTogether([KeyValuePair.Create(Key("eth0", "channels.rx"), "1"), KeyValuePair.Create(Key("eth0", "channels.tx"), "3")]);

        Assert.Equal(["ETHTOOL_GCHANNELS", "ETHTOOL_SCHANNELS"], _ethtool.Calls);
        Assert.Equal((1u, 3u), (_ethtool.Channels.Rx, _ethtool.Channels.Tx));
    }

    [Fact]
    public void Channel_counts_refused_together_name_every_count()
    {
        _ethtool.Channels = _ethtool.Channels! with { Rx = 2, Tx = 2, Combined = 0, MaxRx = 4, MaxTx = 4, MaxCombined = 0 };

        var refused = Assert.Throws<SettingWriteException>(() =>
            _store.WriteTogether([KeyValuePair.Create(Key("eth0", "channels.rx"), "1"), KeyValuePair.Create(Key("eth0", "channels.tx"), "9")]));

        Assert.Equal([Key("eth0", "channels.rx"), Key("eth0", "channels.tx")], refused.Keys);
        Assert.Equal(Errnos.EINVAL, refused.Errno);
        Assert.Contains("the rx channel maximum is 4, the tx channel maximum is 4", refused.Message, StringComparison.Ordinal);
        Assert.Equal((2u, 2u), (_ethtool.Channels.Rx, _ethtool.Channels.Tx));
    }

    [Fact]
    public void Ring_sizes_written_together_are_one_read_and_one_set()
    {
        // vmxnet3 quiesces and resets the device on every ETHTOOL_SRINGPARAM (docs/drivers.md §4): one, not one per field.
        _ethtool.Rings = _ethtool.Rings! with { RxJumbo = 512, RxJumboMax = 4096 };

        _store.WriteTogether([KeyValuePair.Create(Key("eth0", "ring.rx"), "2048"), KeyValuePair.Create(Key("eth0", "ring.rx-jumbo"), "1024")]);

        Assert.Equal(["ETHTOOL_GRINGPARAM", "ETHTOOL_SRINGPARAM"], _ethtool.Calls);
        Assert.Equal((2048u, 1024u), (_ethtool.Rings.Rx, _ethtool.Rings.RxJumbo));
    }

    [Fact]
    public void Ring_sizes_refused_together_name_every_size()
    {
        var refused = Assert.Throws<SettingWriteException>(() =>
            _store.WriteTogether([KeyValuePair.Create(Key("eth0", "ring.rx"), "2048"), KeyValuePair.Create(Key("eth0", "ring.tx"), "9000")]));

        Assert.Equal([Key("eth0", "ring.rx"), Key("eth0", "ring.tx")], refused.Keys);
        Assert.Contains("the rx ring's maximum is 4096, the tx ring's maximum is 4096", refused.Message, StringComparison.Ordinal);
        Assert.Equal((512u, 1024u), (_ethtool.Rings!.Rx, _ethtool.Rings.Tx));
    }
}

using Nictune.Core.Tuning;
using Xunit;

namespace Nictune.Tests.Tuning;

public sealed class SysctlKeyTests
{
    [Theory]
    [InlineData("net.core.somaxconn", "net.core.somaxconn")]
    [InlineData("net/core/somaxconn", "net.core.somaxconn")]
    [InlineData("net.ipv4.tcp_rmem", "net.ipv4.tcp_rmem")]
    [InlineData("net/ipv4/tcp_rmem", "net.ipv4.tcp_rmem")]
    [InlineData("net.ipv4.conf.all.rp_filter", "net.ipv4.conf.all.rp_filter")]
    [InlineData("net.ipv6.conf.eth-1.accept_ra", "net.ipv6.conf.eth-1.accept_ra")]
    [InlineData("net.unix.max_dgram_qlen", "net.unix.max_dgram_qlen")]
    [InlineData("vm.min_free_kbytes", "vm.min_free_kbytes")]
    [InlineData("vm/min_free_kbytes", "vm.min_free_kbytes")]
    public void Accepts_and_normalises_to_dotted(string key, string expected)
    {
        Assert.True(SysctlKey.TryNormalize(key, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
        Assert.Equal(expected, SysctlKey.Normalize(key));
        Assert.True(SysctlKey.IsAllowed(key));
    }

    [Theory]
    [InlineData("net.core.somaxconn", "/proc/sys/net/core/somaxconn")]
    [InlineData("net/ipv4/tcp_rmem", "/proc/sys/net/ipv4/tcp_rmem")]
    [InlineData("vm.min_free_kbytes", "/proc/sys/vm/min_free_kbytes")]
    public void Maps_to_a_file_under_proc_sys(string key, string path)
    {
        Assert.Equal(path, SysctlKey.ToProcPath(key));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("net..core.somaxconn", "\"..\"")]
    [InlineData("net/../kernel/core_pattern", "\"..\"")]
    [InlineData("net.core.somaxconn/../../kernel", "\"..\"")]
    [InlineData("../net/core/somaxconn", "\"..\"")]
    [InlineData("/proc/sys/net/core/somaxconn", "cannot start with a separator")]
    [InlineData("/net/core/somaxconn", "cannot start with a separator")]
    [InlineData(".net.core.somaxconn", "cannot start with a separator")]
    [InlineData("net.core.somaxconn.", "cannot end with a separator")]
    [InlineData("net/core/somaxconn/", "cannot end with a separator")]
    [InlineData("net//core/somaxconn", "empty segment")]
    [InlineData("net.core/somaxconn", "mixes '.' and '/'")]
    [InlineData("net.ipv4.conf.eth0/100.rp_filter", "mixes '.' and '/'")]
    [InlineData("net.core.*", "globs")]
    [InlineData("net.ipv4.tcp_?mem", "globs")]
    [InlineData("net.ipv4.conf.eth[0].rp_filter", "globs")]
    [InlineData("net.core.some\0thing", "NUL")]
    [InlineData("net.core.some maxconn", "whitespace")]
    [InlineData("net.core.somaxconn\n", "control")]
    [InlineData("net.core.$(reboot)", "contains '$'")]
    [InlineData("net.core.a\\b", "contains '\\'")]
    [InlineData("net.core", "directory")]
    [InlineData("net", "directory")]
    [InlineData("kernel.core_pattern", "only net.* keys")]
    [InlineData("kernel/core_pattern", "only net.* keys")]
    [InlineData("vm.swappiness", "only net.* keys")]
    [InlineData("vm.min_free_kbytes.x", "only net.* keys")]
    [InlineData("fs.file-max", "only net.* keys")]
    [InlineData("network.core.x", "only net.* keys")]
    [InlineData("NET.core.somaxconn", "only net.* keys")]
    public void Refuses(string key, string reason)
    {
        Assert.False(SysctlKey.TryNormalize(key, out var normalized, out var error));
        Assert.Null(normalized);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.False(SysctlKey.IsAllowed(key));
        var thrown = Assert.Throws<ArgumentException>(() => SysctlKey.ToProcPath(key));
        Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_null_and_overlong_keys()
    {
        Assert.False(SysctlKey.TryNormalize(null, out _, out _));
        Assert.False(SysctlKey.TryNormalize("net.core." + new string('a', SysctlKey.MaxLength), out _, out var error));
        Assert.Contains("longer than", error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_accepted_key_maps_outside_proc_sys()
    {
        // Every character a key may hold, in every segment position: the path must stay a plain child of /proc/sys.
        var alphabet = "abcXYZ019_-";
        foreach (var c in alphabet)
        {
            var key = $"net.core{c}.x{c}y";
            var path = SysctlKey.ToProcPath(key);
            Assert.StartsWith("/proc/sys/net/", path, StringComparison.Ordinal);
            Assert.Equal(Path.GetFullPath(path), path);
        }
    }
}

using Nictune.Linux.Sysctl;
using Xunit;

namespace Nictune.Tests.Linux.Sysctl;

public sealed class SysctlPathTests
{
    [Theory]
    [InlineData("net.core.somaxconn", "/proc/sys/net/core/somaxconn")]
    [InlineData("net.ipv4.tcp_rmem", "/proc/sys/net/ipv4/tcp_rmem")]
    [InlineData("net/ipv4/conf/eth0.100/rp_filter", "/proc/sys/net/ipv4/conf/eth0.100/rp_filter")]
    public void Maps_like_sysctl_8(string key, string expected)
    {
        Assert.True(SysctlPath.TryMap(key, out var path));
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("net.")]
    [InlineData(".net.core")]
    [InlineData("net..core")]
    [InlineData("..")]
    [InlineData("../etc/passwd")]
    [InlineData("net/../../etc/passwd")]
    [InlineData("net/core/../../..")]
    [InlineData("/etc/passwd")]
    [InlineData("net/core//somaxconn")]
    [InlineData("net.core.somaxconn\n")]
    public void Refuses_keys_that_could_leave_proc_sys(string key) => Assert.False(SysctlPath.TryMap(key, out _));
}

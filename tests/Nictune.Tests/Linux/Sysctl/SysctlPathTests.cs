using Nictune.Linux.Sysctl;
using Xunit;

namespace Nictune.Tests.Linux.Sysctl;

public sealed class SysctlPathTests
{
    [Theory]
    [InlineData("net.core.somaxconn", "/proc/sys/net/core/somaxconn")]
    [InlineData("net.ipv4.tcp_rmem", "/proc/sys/net/ipv4/tcp_rmem")]
    [InlineData("net/ipv4/tcp_rmem", "/proc/sys/net/ipv4/tcp_rmem")]
    [InlineData("vm.min_free_kbytes", "/proc/sys/vm/min_free_kbytes")]
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
    [InlineData("net/ipv4/conf/eth0.100/rp_filter")]
    public void Refuses_keys_that_could_leave_proc_sys(string key) => Assert.False(SysctlPath.TryMap(key, out _));

    /// <summary>Issue 9 §1: the adapter applies the profile policy itself, whatever handed it the key (a state file).</summary>
    [Theory]
    [InlineData("kernel.hostname")]
    [InlineData("kernel.core_pattern")]
    [InlineData("kernel/core_pattern")]
    [InlineData("fs.suid_dumpable")]
    [InlineData("vm.overcommit_memory")]
    [InlineData("net.core")]
    public void Refuses_keys_outside_the_policy(string key) => Assert.False(SysctlPath.TryMap(key, out _));
}

using Nictune.Core.Tuning;
using Nictune.Linux.IO;
using Nictune.Testing;
using Nictune.Tests.Linux.Tuning;
using Xunit;

namespace Nictune.Tests.Linux.IO;

public sealed class SystemRootWriteTests
{
    [Fact]
    public void Replaces_the_whole_file_with_the_value_and_a_newline()
    {
        using var fixture = new FixtureRoot().With("/sys/class/net/eth0/tx_queue_len", "1000000\n");
        fixture.Root.WriteText("/sys/class/net/eth0/tx_queue_len", "500");
        Assert.Equal("500\n", fixture.Content("/sys/class/net/eth0/tx_queue_len"));
    }

    [Fact]
    public void A_missing_file_is_ENOENT_in_system_form_and_is_not_created()
    {
        using var fixture = new FixtureRoot();
        var e = Assert.Throws<SystemWriteException>(() => fixture.Root.WriteText("/proc/irq/9/smp_affinity_list", "0"));
        Assert.Equal(Errnos.ENOENT, e.Errno);
        Assert.Equal("ENOENT", e.ErrnoName);
        Assert.Equal("/proc/irq/9/smp_affinity_list", e.SystemPath);
        Assert.False(fixture.Root.Exists("/proc/irq/9/smp_affinity_list"));
    }

    [Fact]
    public void The_kernel_s_own_errno_comes_through()
    {
        // /proc/sys/net follows the writing thread's namespace, so this rejected write could not reach the host anyway.
        using var ns = NetNamespace.Create();
        var e = Assert.Throws<SystemWriteException>(() => NamespaceThread.Run(ns, () => SystemRoot.Live.WriteText("/proc/sys/net/core/somaxconn", "lots")));
        Assert.Equal(Errnos.EINVAL, e.Errno);
        Assert.Contains("Invalid argument (EINVAL)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_of_nothing_is_EIO_not_a_retry()
    {
        var calls = 0;
        var e = Assert.Throws<SystemWriteException>(() => SystemRoot.WriteOnce("/sys/class/net/eth0/tx_queue_len", 4, () =>
        {
            calls++;
            return 0;
        }));

        Assert.Equal(Errnos.EIO, e.Errno);
        Assert.Equal("/sys/class/net/eth0/tx_queue_len", e.SystemPath);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_short_write_is_EIO_and_the_rest_is_never_sent()
    {
        var calls = 0;
        var e = Assert.Throws<SystemWriteException>(() => SystemRoot.WriteOnce("/proc/irq/9/smp_affinity_list", 6, () =>
        {
            calls++;
            return 3;
        }));

        Assert.Equal(Errnos.EIO, e.Errno);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_whole_write_is_one_call()
    {
        var calls = 0;
        SystemRoot.WriteOnce("/proc/irq/9/smp_affinity_list", 6, () =>
        {
            calls++;
            return 6;
        });

        Assert.Equal(1, calls);
    }
}

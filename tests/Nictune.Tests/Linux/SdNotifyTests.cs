using Nictune.Linux.Systemd;
using Xunit;

namespace Nictune.Tests.Linux;

public sealed class SdNotifyTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public void Ready_reaches_a_path_socket_as_one_datagram_with_newline_separated_lines()
    {
        using var socket = NotifySocket.BindPath();
        var notify = new SdNotify(socket.Address);

        Assert.True(notify.Ready("tuned 2 interfaces"));

        Assert.Equal("READY=1\nSTATUS=tuned 2 interfaces", socket.Receive(Wait));
    }

    [Fact]
    public void An_at_sign_means_the_abstract_namespace()
    {
        using var socket = NotifySocket.BindAbstract();
        var notify = new SdNotify(socket.Address);

        Assert.True(notify.Stopping());
        Assert.True(notify.Watchdog());

        Assert.Equal("STOPPING=1", socket.Receive(Wait));
        Assert.Equal("WATCHDOG=1", socket.Receive(Wait));
    }

    [Fact]
    public void A_status_cannot_inject_another_assignment()
    {
        using var socket = NotifySocket.BindPath();

        new SdNotify(socket.Address).Status("line one\nREADY=1");

        Assert.Equal("STATUS=line one READY=1", socket.Receive(Wait));
    }

    [Fact]
    public void Without_a_socket_every_call_is_a_no_op()
    {
        Assert.False(SdNotify.Disabled.IsEnabled);
        Assert.False(SdNotify.Disabled.Ready("x"));
        Assert.False(new SdNotify(string.Empty).Stopping());
    }

    [Fact]
    public void A_socket_nobody_listens_on_is_reported_not_thrown()
    {
        var notify = new SdNotify(Path.Join(Path.GetTempPath(), $"nictune-absent-{Guid.NewGuid():N}.sock"));

        Assert.False(notify.Ready("x"));
    }

    [Theory]
    [InlineData("30000000", null, 15_000)]
    [InlineData("30000000", "SELF", 15_000)]
    [InlineData("1000", null, 0.5)]
    public void Watchdog_pings_at_half_the_timeout(string usec, string? pid, double expectedMs)
    {
        var ours = 4242;
        var interval = SdWatchdog.PingInterval(usec, pid == "SELF" ? "4242" : pid, ours);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), interval);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("soon", null)]
    [InlineData("30000000", "1")]
    [InlineData("30000000", "not-a-pid")]
    public void No_watchdog_when_unset_invalid_or_meant_for_another_process(string? usec, string? pid)
    {
        Assert.Null(SdWatchdog.PingInterval(usec, pid, ourPid: 4242));
    }
}

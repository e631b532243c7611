using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Hosting.Systemd;
using Nictune.Host.Daemon;
using Nictune.Tests.Linux;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>Our messages through the library's <see cref="SystemdNotifier"/> to a real datagram socket.</summary>
public sealed class SystemdMessagesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public void Ready_and_its_status_are_one_datagram()
    {
        using var socket = NotifySocket.BindPath();

        socket.Notifier().TryNotify(SystemdMessages.Ready("tuned 2 interfaces"), NullLogger.Instance);

        Assert.Equal("READY=1\nSTATUS=tuned 2 interfaces", socket.Receive(Wait));
    }

    [Fact]
    public void An_at_sign_means_the_abstract_namespace()
    {
        using var socket = NotifySocket.BindAbstract();
        var notifier = socket.Notifier();

        notifier.TryNotify(ServiceState.Stopping, NullLogger.Instance);
        notifier.TryNotify(SystemdMessages.Watchdog, NullLogger.Instance);

        Assert.Equal("STOPPING=1", socket.Receive(Wait));
        Assert.Equal("WATCHDOG=1", socket.Receive(Wait));
    }

    [Fact]
    public void A_status_cannot_inject_another_assignment()
    {
        using var socket = NotifySocket.BindPath();

        socket.Notifier().TryNotify(SystemdMessages.Status("line one\nREADY=1"), NullLogger.Instance);

        Assert.Equal("STATUS=line one READY=1", socket.Receive(Wait));
    }

    [Fact]
    public void Reloading_carries_the_monotonic_clock()
    {
        using var socket = NotifySocket.BindPath();

        socket.Notifier().TryNotify(SystemdMessages.Reloading(), NullLogger.Instance);

        Assert.Matches("^RELOADING=1\nMONOTONIC_USEC=[0-9]+$", socket.Receive(Wait));
    }

    [Fact]
    public void A_socket_nobody_listens_on_is_logged_not_thrown()
    {
        using var socket = NotifySocket.BindPath();
        var notifier = socket.Notifier();
        socket.Dispose();
        var logger = new CollectingLogger();

        notifier.TryNotify(SystemdMessages.Ready("x"), logger);

        Assert.Contains(logger.Messages, m => m.StartsWith("Could not send READY=1 STATUS=x to the service manager", StringComparison.Ordinal));
    }
}

using System.Net.Sockets;
using System.Text;

namespace Nictune.Linux.Systemd;

/// <summary>
/// The sd_notify(3) protocol without libsystemd: one AF_UNIX datagram per message to <c>$NOTIFY_SOCKET</c>.
/// When the service manager gave us no socket every call is a no-op, so the daemon runs the same by hand.
/// </summary>
public sealed class SdNotify
{
    public const string SocketVariable = "NOTIFY_SOCKET";

    /// <summary>A notifier that sends nothing: the daemon was not started by systemd with Type=notify.</summary>
    public static readonly SdNotify Disabled = new(socketAddress: null);

    /// <param name="socketAddress">A socket path, or <c>@name</c> for the abstract namespace; null disables sending.</param>
    public SdNotify(string? socketAddress)
    {
        if (string.IsNullOrEmpty(socketAddress))
        {
            return;
        }

        // systemd writes an abstract socket as "@name"; on the wire the name starts with a NUL byte instead.
        var path = socketAddress[0] == '@' ? "\0" + socketAddress[1..] : socketAddress;
        Endpoint = new UnixDomainSocketEndPoint(path);
        SocketAddress = socketAddress;
    }

    /// <summary>The address as systemd gave it, or null when notifications are disabled.</summary>
    public string? SocketAddress { get; }

    public bool IsEnabled => Endpoint is not null;

    private UnixDomainSocketEndPoint? Endpoint { get; }

    public static SdNotify FromEnvironment() => new(Environment.GetEnvironmentVariable(SocketVariable));

    /// <summary>READY=1 plus a STATUS= line: start-up (the boot tune) is complete.</summary>
    public bool Ready(string status) => Send(SdNotifyMessage.Ready, SdNotifyMessage.Status(status));

    public bool Status(string status) => Send(SdNotifyMessage.Status(status));

    public bool Stopping() => Send(SdNotifyMessage.Stopping);

    public bool Watchdog() => Send(SdNotifyMessage.Watchdog);

    /// <summary>
    /// Sends the lines as one datagram (systemd applies them together). Returns false when disabled or when
    /// the send failed: a lost notification must never take the daemon down, so the caller decides what to log.
    /// </summary>
    public bool Send(params string[] lines)
    {
        if (Endpoint is null || lines.Length == 0)
        {
            return false;
        }

        var message = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        try
        {
            // A fresh unbound socket per message: messages are rare (start, stop, watchdog), and holding
            // no descriptor means nothing to leak into the tools we start or to close on shutdown.
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            return socket.SendTo(message, SocketFlags.None, Endpoint) == message.Length;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

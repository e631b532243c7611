using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Hosting.Systemd;

namespace Nictune.Tests.Linux;

/// <summary>A real datagram socket standing in for systemd's notification socket: path or abstract namespace.</summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string? _path;

    private NotifySocket(string address, string? path)
    {
        Address = address;
        _path = path;
    }

    /// <summary>The value systemd would put in $NOTIFY_SOCKET.</summary>
    public string Address { get; }

    public static NotifySocket BindPath()
    {
        var path = Path.Join(Path.GetTempPath(), $"nictune-notify-{Guid.NewGuid():N}.sock");
        var socket = new NotifySocket(path, path);
        socket._socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    public static NotifySocket BindAbstract()
    {
        var name = $"nictune-notify-{Guid.NewGuid():N}";
        var socket = new NotifySocket("@" + name, path: null);
        socket._socket.Bind(new UnixDomainSocketEndPoint("\0" + name));
        return socket;
    }

    /// <summary>
    /// The library's real <see cref="SystemdNotifier"/>, aimed at this socket. Its public constructor reads
    /// $NOTIFY_SOCKET, which is process-wide and would race with tests running in parallel, so this uses the
    /// constructor that takes the socket path (what the public one passes on, '@' already turned into a NUL).
    /// </summary>
    public ISystemdNotifier Notifier()
    {
        var constructor = typeof(SystemdNotifier).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(string)])
            ?? throw new InvalidOperationException("SystemdNotifier(string socketPath) is gone: update this test helper");
        var path = Address[0] == '@' ? "\0" + Address[1..] : Address;
        return (ISystemdNotifier)constructor.Invoke([path]);
    }

    /// <summary>The next datagram, or null when none arrives within <paramref name="timeout"/>.</summary>
    public string? Receive(TimeSpan timeout)
    {
        if (!_socket.Poll(timeout, SelectMode.SelectRead))
        {
            return null;
        }

        var buffer = new byte[4096];
        var received = _socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, received);
    }

    /// <summary>Datagrams until <paramref name="until"/> matches one, or the timeout passes.</summary>
    public List<string> ReceiveUntil(Func<string, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var messages = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            var message = Receive(deadline - DateTime.UtcNow);
            if (message is null)
            {
                break;
            }

            messages.Add(message);
            if (until(message))
            {
                break;
            }
        }

        return messages;
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_path is not null)
        {
            File.Delete(_path);
        }
    }
}

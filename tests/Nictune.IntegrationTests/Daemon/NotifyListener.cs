using System.Net.Sockets;
using System.Text;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// Stands in for systemd's notification socket: a datagram socket bound to a path. A path (not an abstract name)
/// because abstract unix sockets belong to a network namespace, and the daemon runs in the test's namespace.
/// </summary>
internal sealed class NotifyListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<string> _received = [];

    public NotifyListener(string path)
    {
        Path = path;
        _socket.Bind(new UnixDomainSocketEndPoint(path));
    }

    /// <summary>The value for <c>$NOTIFY_SOCKET</c>.</summary>
    public string Path { get; }

    /// <summary>True when a datagram carries the assignment, e.g. <c>READY=1</c>, as one of its lines.</summary>
    public static bool Has(string datagram, string assignment) => datagram.Split('\n').Contains(assignment);

    /// <summary>The datagrams already waiting, without blocking.</summary>
    public IReadOnlyList<string> Drain()
    {
        var drained = new List<string>();
        while (Receive(TimeSpan.Zero) is { } message)
        {
            drained.Add(message);
        }

        return drained;
    }

    /// <summary>The first datagram (already received or arriving within the timeout) that carries the assignment.</summary>
    public string WaitFor(string assignment, TimeSpan timeout)
    {
        if (_received.FirstOrDefault(m => Has(m, assignment)) is { } earlier)
        {
            return earlier;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var left = timeout; left > TimeSpan.Zero; left = timeout - clock.Elapsed)
        {
            if (Receive(left) is { } message && Has(message, assignment))
            {
                return message;
            }
        }

        throw new TimeoutException($"no {assignment} on {Path} in {timeout.TotalSeconds} s; received: [{string.Join(" | ", _received)}]");
    }

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(Path);
    }

    private string? Receive(TimeSpan timeout)
    {
        if (!_socket.Poll(timeout, SelectMode.SelectRead))
        {
            return null;
        }

        var buffer = new byte[4096];
        var length = _socket.Receive(buffer);
        var message = Encoding.UTF8.GetString(buffer, 0, length);
        _received.Add(message);
        return message;
    }
}

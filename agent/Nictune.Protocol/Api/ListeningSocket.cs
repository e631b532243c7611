using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Nictune.Protocol.Api;

/// <summary>
/// A socket bound and listening before the web server exists, as systemd's socket activation would hand one over:
/// Kestrel adopts its descriptor later (<see cref="KestrelServerOptions.ListenHandle(ulong, Action{ListenOptions})"/>).
/// From <c>listen(2)</c> on, the kernel queues a client's connection in the backlog until Kestrel accepts it, so a
/// client that connects before the server has started waits rather than fails (docs/architecture.md, "The daemon").
/// Kestrel's socket transport wraps an adopted descriptor without owning it, so this object closes it (and removes
/// a Unix socket's file) when disposed, after the server has stopped.
/// </summary>
public sealed class ListeningSocket : IDisposable
{
    /// <summary>Kestrel's own default (<see cref="SocketTransportOptions.Backlog"/>), as when it binds itself.</summary>
    public const int Backlog = 512;

    private readonly Socket _socket;
    private readonly string? _path;
    private bool _disposed;

    private ListeningSocket(Socket socket, string name, string? path)
    {
        _socket = socket;
        Name = name;
        _path = path;
    }

    /// <summary>What it listens on, for messages: <c>unix:PATH</c> or <c>ADDRESS:PORT</c>.</summary>
    public string Name { get; }

    /// <summary>A TCP listener, made as Kestrel makes its own (IPv6 any is dual-stack).</summary>
    /// <exception cref="IOException">The address cannot be bound (in use, not local); the message names it.</exception>
    public static ListeningSocket Tcp(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var name = endpoint.ToString();
        return Listen(endpoint, name, path: null);
    }

    /// <summary>A TCP listener on each endpoint, all or none: when one cannot be bound, those bound before it are closed.</summary>
    /// <exception cref="IOException">An address cannot be bound; the message names it and says why.</exception>
    public static IReadOnlyList<ListeningSocket> Tcp(IReadOnlyList<IPEndPoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var sockets = new List<ListeningSocket>(endpoints.Count);
        try
        {
            foreach (var endpoint in endpoints)
            {
                sockets.Add(Tcp(endpoint));
            }

            return sockets;
        }
        catch
        {
            sockets.ForEach(socket => socket.Dispose());
            throw;
        }
    }

    /// <summary>
    /// A Unix stream socket at <paramref name="path"/>: the path is checked and made ready first
    /// (<see cref="UnixSocketPath.Prepare"/>: a file or a link there is refused, a stale socket replaced), and the
    /// socket file gets <see cref="UnixSocketPath.SocketMode"/> before it listens.
    /// </summary>
    /// <exception cref="IOException">The path cannot be used or bound; the message says why.</exception>
    public static ListeningSocket Unix(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        UnixSocketPath.Prepare(path);
        return Listen(new UnixDomainSocketEndPoint(path), "unix:" + path, path);
    }

    /// <summary>Hands the descriptor to Kestrel, with the listener's protocols and middleware set by <paramref name="configure"/>.</summary>
    public void AdoptInto(KestrelServerOptions kestrel, Action<ListenOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ObjectDisposedException.ThrowIf(_disposed, this);
        kestrel.ListenHandle((ulong)_socket.Handle, configure);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _socket.Dispose();
        if (_path is not null)
        {
            // The kernel never removes a socket's file; the next start would replace it, but tidy is better.
            File.Delete(_path);
        }
    }

    private static ListeningSocket Listen(EndPoint endpoint, string name, string? path)
    {
        var socket = Create(endpoint);
        var bound = false;
        try
        {
            socket.Bind(endpoint);
            bound = true;
            if (path is not null)
            {
                // Before listen(2): no connection is accepted while the file has the umask's mode.
                UnixSocketPath.Publish(path);
            }

            socket.Listen(Backlog);
            return new ListeningSocket(socket, name, path);
        }
        catch (Exception e)
        {
            socket.Dispose();
            if (bound && path is not null)
            {
                File.Delete(path);
            }

            if (e is SocketException)
            {
                throw new IOException($"{name}: cannot listen: {e.Message}", e);
            }

            throw;
        }
    }

    /// <summary>
    /// The socket Kestrel's socket transport makes for the same endpoint
    /// (<see cref="SocketTransportOptions.CreateDefaultBoundListenSocket"/>, which leaves its socket open when the bind
    /// fails): TCP, dual-stack when bound to <c>[::]</c>; a Unix stream socket.
    /// </summary>
    private static Socket Create(EndPoint endpoint)
    {
        if (endpoint is IPEndPoint ip)
        {
            var tcp = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (ip.Address.Equals(IPAddress.IPv6Any))
            {
                tcp.DualMode = true;
            }

            return tcp;
        }

        return new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    }
}

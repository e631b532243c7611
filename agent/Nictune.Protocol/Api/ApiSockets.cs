namespace Nictune.Protocol.Api;

/// <summary>
/// The API's listening sockets, bound before its web server is built (<see cref="ListeningSocket"/>): the Unix
/// socket and the TCP ports. All or nothing: when one cannot be bound, those bound before it are closed again.
/// </summary>
public sealed class ApiSockets : IDisposable
{
    private ApiSockets(ListeningSocket? unix, IReadOnlyList<ListeningSocket> tcp)
    {
        Unix = unix;
        Tcp = tcp;
    }

    public ListeningSocket? Unix { get; }

    /// <summary>One per <see cref="ApiListenerOptions.TcpEndpoints"/>, in the same order.</summary>
    public IReadOnlyList<ListeningSocket> Tcp { get; }

    /// <exception cref="IOException">A listener cannot be set up; the message names it and says why.</exception>
    public static ApiSockets Bind(ApiListenerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var unix = options.SocketPath is { } path ? ListeningSocket.Unix(path) : null;
        try
        {
            return new ApiSockets(unix, ListeningSocket.Tcp(options.TcpEndpoints));
        }
        catch
        {
            unix?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Unix?.Dispose();
        foreach (var socket in Tcp)
        {
            socket.Dispose();
        }
    }
}

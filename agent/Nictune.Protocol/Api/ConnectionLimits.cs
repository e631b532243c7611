using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Nictune.Protocol.Api;

/// <summary>
/// How many connections each listener of the daemon's web server holds, how long an idle one is kept, and the file
/// descriptors kept back for the tuner (README, "The control API", Limits). Every accepted connection is one
/// descriptor; a listener at its cap accepts and closes at once (<see cref="ConnectionCap"/>), so no client, however
/// many connections it opens, takes the descriptors a drift correction needs (sockets, sysfs and state files).
/// </summary>
public static class ConnectionLimits
{
    /// <summary>Connections any local user may hold on the API's Unix socket at once.</summary>
    public const int UnixSocket = 64;

    /// <summary>
    /// Connections the Unix socket accepts beyond <see cref="UnixSocket"/>, only from callers that may mutate (uid 0, the
    /// socket group): a flood by other users cannot lock the operator out of status, reload or rollback.
    /// </summary>
    public const int UnixSocketPrivileged = 16;

    /// <summary>Connections each <c>api.listen</c> port holds, TLS handshakes in progress included.</summary>
    public const int TcpPort = 64;

    /// <summary>Connections each <c>metrics.listen</c> address holds: a Prometheus server keeps one.</summary>
    public const int MetricsAddress = 16;

    /// <summary>
    /// Descriptors kept for everything that is not a client's connection: the runtime's own, the listening sockets,
    /// the log, the netlink and ethtool sockets, the state directory's lock and files, the sysfs and procfs files a
    /// pass opens (one at a time). The agent has a few dozen open when idle.
    /// </summary>
    public const int Reserve = 256;

    /// <summary>
    /// Concurrent calls on one HTTP/2 connection (Kestrel's default is 100). Each call may hold a request of up to
    /// <see cref="ApiListenerOptions.MaxReceiveMessageSize"/> while it waits, so this and the caps bound the memory
    /// requests can take; a client that needs more parallel calls opens more connections.
    /// </summary>
    public const int StreamsPerConnection = 4;

    /// <summary>
    /// The request bytes a client may send on one HTTP/2 connection before the agent reads them (Kestrel's default
    /// is 1 MiB), and on one call (768 KiB): a request over the size limit is refused on its length prefix, and this
    /// bounds what it has sent meanwhile. Each is above the largest request accepted.
    /// </summary>
    public const int ConnectionWindow = 128 << 10;

    /// <inheritdoc cref="ConnectionWindow"/>
    public const int StreamWindow = 96 << 10;

    /// <summary>A connection with no call in progress is closed after this (Kestrel's default is 130 s).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(15);

    /// <summary>A request's headers must all arrive within this (Kestrel's default is 30 s).</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A TLS handshake must finish within this (Kestrel's default is 10 s).</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An HTTP/2 connection silent for this long is pinged (Kestrel sends no pings by default), so that a long
    /// WatchEvents call whose peer has vanished does not hold its connection for ever.
    /// </summary>
    public static readonly TimeSpan PingDelay = TimeSpan.FromSeconds(30);

    /// <summary>A ping not answered within this closes the connection.</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The server-wide limits: idle and header timeouts, HTTP/2 streams, flow-control windows and pings.</summary>
    public static void Apply(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.KeepAliveTimeout = IdleTimeout;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.Http2.MaxStreamsPerConnection = StreamsPerConnection;
        limits.Http2.InitialConnectionWindowSize = ConnectionWindow;
        limits.Http2.InitialStreamWindowSize = StreamWindow;
        limits.Http2.KeepAlivePingDelay = PingDelay;
        limits.Http2.KeepAlivePingTimeout = PingTimeout;
    }

    /// <summary>
    /// The descriptors the agent needs with these listeners, each at its cap, and <see cref="Reserve"/>: what
    /// <c>RLIMIT_NOFILE</c> must allow (systemd/nictune.service sets <c>LimitNOFILE=</c> for the default listeners).
    /// </summary>
    public static int DescriptorsNeeded(bool unixSocket, int tcpPorts, int metricsAddresses) =>
        (unixSocket ? UnixSocket + UnixSocketPrivileged : 0) + (tcpPorts * TcpPort) + (metricsAddresses * MetricsAddress) + Reserve;

    /// <summary>
    /// Null when <paramref name="limit"/> (the soft <c>RLIMIT_NOFILE</c>; null: unknown or unlimited) leaves room for
    /// <paramref name="needed"/> descriptors; otherwise what to say before refusing to start.
    /// </summary>
    public static string? CheckDescriptorLimit(long? limit, int needed) =>
        limit is { } value && value < needed
            ? $"the open-file limit (RLIMIT_NOFILE) is {value}, and the listeners at their connection caps with the {Reserve} descriptors kept for tuning need {needed}: raise LimitNOFILE= (or ulimit -n), or listen on fewer addresses"
            : null;
}

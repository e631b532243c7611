using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Nictune.Protocol.Api;

/// <summary>
/// Reads a Unix-socket peer's credentials once, when the connection is accepted (Kestrel connection middleware),
/// and keeps them in the connection's items; every call on that connection then finds them without a syscall.
/// A TCP caller is known by its validated client certificate instead.
/// </summary>
public static class ConnectionIdentity
{
    private static readonly object ItemKey = new();

    /// <summary>The connection middleware for a Unix-socket listener.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> ReadPeerCredentials(ILogger logger) => next => connection =>
    {
        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        CallerIdentity? identity = null;
        try
        {
            identity = socket is null ? null : PeerCredentials.Read(socket);
        }
        catch (ObjectDisposedException e)
        {
            ApiLog.NoPeerCredentials(logger, e.Message);
        }

        if (identity is not null)
        {
            connection.Items[ItemKey] = identity;
        }

        return next(connection);
    };

    /// <summary>A Unix-socket connection's peer, once <see cref="ReadPeerCredentials"/> has run; null otherwise.</summary>
    public static CallerIdentity? Of(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Items.TryGetValue(ItemKey, out var found) ? found as CallerIdentity : null;
    }

    /// <summary>
    /// The caller of a request: peer credentials on the socket, the certificate subject over TLS; with the server's id
    /// of the connection.
    /// </summary>
    public static CallerIdentity Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var connection = context.Connection.Id;
        if (context.Features.Get<IConnectionItemsFeature>()?.Items is { } items && items.TryGetValue(ItemKey, out var found) && found is CallerIdentity identity)
        {
            return identity with { Connection = connection };
        }

        var remote = context.Connection.RemoteIpAddress is { } address ? $"{address}:{context.Connection.RemotePort}" : null;
        return context.Connection.ClientCertificate is { } certificate
            ? new CallerIdentity { Transport = "tcp", CertificateSubject = certificate.Subject, RemoteAddress = remote, Connection = connection }
            : CallerIdentity.Anonymous with { RemoteAddress = remote, Connection = connection };
    }
}

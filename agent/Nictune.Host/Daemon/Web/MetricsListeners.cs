using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Nictune.Protocol.Api;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Daemon.Web;

/// <summary>
/// Keeps /metrics and the gRPC API apart on the daemon's one Kestrel server: every connection accepted on a
/// <c>metrics.listen</c> address is marked when it is accepted, and its requests go to <see cref="MetricsEndpoint"/>
/// alone (so a gRPC method there is a 404, and the listener speaks HTTP/1.1 only, which no gRPC client uses); requests
/// on the API's socket and ports never reach the metrics (a /metrics there matches no gRPC route: 404).
/// </summary>
internal static class MetricsListeners
{
    private static readonly object ItemKey = new();

    /// <summary>Binds every <c>metrics.listen</c> address (<see cref="ListeningSocket"/>), all or none.</summary>
    /// <exception cref="IOException">An address cannot be bound; the message names it and says why.</exception>
    public static IReadOnlyList<ListeningSocket> Bind(MetricsHosting metrics) => ListeningSocket.Tcp(metrics.Settings.Listen);

    /// <summary>
    /// A metrics listener: HTTP/1.1 only, as Prometheus scrapes, with its connections marked and capped
    /// (<see cref="ConnectionLimits.MetricsAddress"/>).
    /// </summary>
    public static void Configure(KestrelServerOptions kestrel, IReadOnlyList<ListeningSocket> sockets, ILogger logger)
    {
        foreach (var socket in sockets)
        {
            socket.AdoptInto(kestrel, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(new ConnectionCap(socket.Name, ConnectionLimits.MetricsAddress, reserve: 0, mayUseReserve: null, logger).Middleware);
                listen.Use(next => connection =>
                {
                    connection.Items[ItemKey] = ItemKey;
                    return next(connection);
                });
            });
        }
    }

    /// <summary>The middleware that answers every request of a metrics connection, and passes the others on.</summary>
    public static Func<RequestDelegate, RequestDelegate> Branch(MetricsEndpoint endpoint) => next => context =>
        IsMetricsConnection(context) ? endpoint.HandleAsync(context) : next(context);

    private static bool IsMetricsConnection(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items is { } items && items.ContainsKey(ItemKey);
}

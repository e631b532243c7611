using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nictune.Protocol.Api;

/// <summary>
/// Middleware around the gRPC endpoints that logs what grpc-dotnet's own call handler would have: a request whose
/// bytes are not its message is read before any interceptor runs, fails in grpc-dotnet's handler (UNKNOWN to the
/// client), and that handler logs each one at Error with a stack trace. Its log category
/// (<see cref="HandlerLogCategory"/>) is turned off, and this logs such a request once per connection, at Debug,
/// without a stack trace; any other failure of the handler is logged at Error with its exception, as it was. Every
/// exception of a method reaches the client through <see cref="ErrorInterceptor"/>, which logs it itself.
/// </summary>
public static class UnparsableRequests
{
    /// <summary>grpc-dotnet's logger category for its call handlers (ServerCallHandlerBase's LoggerName).</summary>
    public const string HandlerLogCategory = "Grpc.AspNetCore.Server.ServerCallHandler";

    private static readonly object ItemKey = new();

    internal static Func<RequestDelegate, RequestDelegate> Create(ILogger logger) => next => async context =>
    {
        await next(context).ConfigureAwait(false);
        if (context.Features.Get<IServerCallContextFeature>()?.ServerCallContext.Status is not { StatusCode: StatusCode.Unknown, DebugException: { } failure }
            || failure is RpcException || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (failure is not (InvalidProtocolBufferException or InvalidDataException))
        {
            ApiLog.HandlerFailed(logger, ApiMethod.Resolved(context) ?? ApiMethod.Unknown, failure);
        }
        else if (logger.IsEnabled(LogLevel.Debug) && FirstOnConnection(context))
        {
            ApiLog.Unparsable(logger, ApiMethod.Resolved(context) ?? ApiMethod.Unknown, ConnectionIdentity.Of(context).ToString(), failure.GetType().Name);
        }
    };

    private static bool FirstOnConnection(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>()?.Items is not { } items)
        {
            return true;
        }

        // Streams of one HTTP/2 connection run concurrently, and the connection's items are a plain dictionary.
        lock (items)
        {
            return items.TryAdd(ItemKey, null);
        }
    }
}

using Microsoft.Extensions.Logging;

namespace Nictune.Protocol.Api;

/// <summary>The API's log lines, event ids 200–239. Mutations are audited at Information; every other call is logged at Debug only.</summary>
public static partial class ApiLog
{
    [LoggerMessage(200, LogLevel.Information, "API {Method} by {Caller}: {Request} → {Result}")]
    public static partial void Audit(ILogger logger, string method, string caller, string request, string result);

    [LoggerMessage(202, LogLevel.Debug, "API {Method} by {Caller}: {Status} in {ElapsedMs} ms")]
    public static partial void Call(ILogger logger, string method, string caller, string status, long elapsedMs);

    [LoggerMessage(203, LogLevel.Information, "API listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(204, LogLevel.Warning, "API on {Endpoint} is plaintext (api.insecure: true): anyone who can reach it may change the tuning")]
    public static partial void Insecure(ILogger logger, string endpoint);

    [LoggerMessage(205, LogLevel.Warning, "API: the socket group '{Group}' does not exist; only root may call mutating methods on the socket")]
    public static partial void NoSuchGroup(ILogger logger, string group);

    [LoggerMessage(206, LogLevel.Error, "API {Method} failed (correlation id {CorrelationId})")]
    public static partial void Failed(ILogger logger, string method, string correlationId, Exception exception);

    [LoggerMessage(207, LogLevel.Information, "API: event subscriber {Caller} dropped: it fell {Behind} events behind")]
    public static partial void SlowSubscriber(ILogger logger, string caller, int behind);

    [LoggerMessage(208, LogLevel.Debug, "API: could not read the peer credentials of a connection ({Error})")]
    public static partial void NoPeerCredentials(ILogger logger, string error);

    [LoggerMessage(230, LogLevel.Debug, "API: {Caller} asked for {Path}, which is no method's exact path: UNIMPLEMENTED")]
    public static partial void NoSuchPath(ILogger logger, string path, string caller);

    [LoggerMessage(231, LogLevel.Debug, "API {Method} by {Caller}: the request is not a protobuf message ({Error}); further ones on this connection are not logged")]
    public static partial void Unparsable(ILogger logger, string method, string caller, string error);

    [LoggerMessage(232, LogLevel.Error, "API {Method}: grpc-dotnet's call handler failed")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);
}

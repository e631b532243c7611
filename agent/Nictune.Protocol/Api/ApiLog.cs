using Microsoft.Extensions.Logging;

namespace Nictune.Protocol.Api;

/// <summary>The API's log lines. Mutations are audited at Information; every other call is logged at Debug only.</summary>
public static partial class ApiLog
{
    [LoggerMessage(100, LogLevel.Information, "API {Method} by {Caller}: {Request} → {Result}")]
    public static partial void Audit(ILogger logger, string method, string caller, string request, string result);

    [LoggerMessage(101, LogLevel.Warning, "API {Method} by {Caller} refused: {Reason}")]
    public static partial void Denied(ILogger logger, string method, string caller, string reason);

    [LoggerMessage(102, LogLevel.Debug, "API {Method} by {Caller}: {Status} in {ElapsedMs} ms")]
    public static partial void Call(ILogger logger, string method, string caller, string status, long elapsedMs);

    [LoggerMessage(103, LogLevel.Information, "API listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(104, LogLevel.Warning, "API on {Endpoint} is plaintext (api.insecure: true): anyone who can reach it may change the tuning")]
    public static partial void Insecure(ILogger logger, string endpoint);

    [LoggerMessage(105, LogLevel.Warning, "API: the socket group '{Group}' does not exist; only root may call mutating methods on the socket")]
    public static partial void NoSuchGroup(ILogger logger, string group);

    [LoggerMessage(106, LogLevel.Error, "API {Method} failed")]
    public static partial void Failed(ILogger logger, string method, Exception exception);

    [LoggerMessage(107, LogLevel.Information, "API: event subscriber {Caller} dropped: it fell {Behind} events behind")]
    public static partial void SlowSubscriber(ILogger logger, string caller, int behind);

    [LoggerMessage(108, LogLevel.Debug, "API: could not read the peer credentials of a connection ({Error})")]
    public static partial void NoPeerCredentials(ILogger logger, string error);
}

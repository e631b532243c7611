using Microsoft.Extensions.Logging;

namespace Nictune.Protocol.Api;

/// <summary>The log lines of the listeners' connection limits: event ids 170–179.</summary>
public static partial class ConnectionLimitLog
{
    [LoggerMessage(176, LogLevel.Warning, "{Listener} holds {Cap} connections, its cap: new connections are closed until some end")]
    public static partial void Full(ILogger logger, string listener, int cap);

    [LoggerMessage(177, LogLevel.Critical, "Cannot start: {Reason}; stopping")]
    public static partial void DescriptorLimit(ILogger logger, string reason);
}

using Microsoft.Extensions.Logging;

namespace Nictune.Host.Daemon.Api;

/// <summary>The daemon's log lines about hosting the control API: event ids 240–249.</summary>
internal static partial class ApiHostLog
{
    [LoggerMessage(240, LogLevel.Critical, "Cannot start the API: {Reason}; stopping")]
    public static partial void CannotListen(ILogger logger, string reason);
}

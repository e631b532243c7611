using Microsoft.Extensions.Logging;

namespace Nictune.Host.Metrics;

internal static partial class MetricsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Serving Prometheus metrics on {Addresses} at {Path}")]
    public static partial void Listening(ILogger logger, string addresses, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot serve metrics on {Addresses}: {Reason}; tuning goes on without metrics")]
    public static partial void ListenFailed(ILogger logger, string addresses, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The metrics fell behind the event stream ({Reason}); resubscribed, some tuning events are not counted")]
    public static partial void EventsMissed(ILogger logger, string reason);
}

using Microsoft.Extensions.Logging;

namespace Nictune.Host.Metrics;

/// <summary>The metrics' log lines: event ids 250–259.</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(EventId = 250, Level = LogLevel.Information, Message = "Serving Prometheus metrics on {Addresses} at {Path}")]
    public static partial void Listening(ILogger logger, string addresses, string path);

    [LoggerMessage(EventId = 251, Level = LogLevel.Error, Message = "Cannot serve metrics on {Addresses}: {Reason}; tuning goes on without metrics")]
    public static partial void ListenFailed(ILogger logger, string addresses, string reason);

    [LoggerMessage(EventId = 252, Level = LogLevel.Warning, Message = "The metrics fell behind the event stream ({Reason}); resubscribed, some tuning events are not counted")]
    public static partial void EventsMissed(ILogger logger, string reason);
}

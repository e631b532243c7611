using Microsoft.Extensions.Logging;

namespace Nictune.Tests.Host.Daemon;

/// <summary>A logger that keeps every formatted line, to show what the structured log says.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<string> _lines = [];
    private readonly List<Exception?> _exceptions = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The exception each line was logged with, in the same order.</summary>
    public IReadOnlyList<Exception?> Exceptions
    {
        get
        {
            lock (_lines)
            {
                return [.. _exceptions];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add(formatter(state, exception));
            _exceptions.Add(exception);
        }
    }
}

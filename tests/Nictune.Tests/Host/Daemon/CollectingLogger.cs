using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nictune.Tests.Host.Daemon;

/// <summary>Keeps every formatted message, for tests that check what was logged.</summary>
internal sealed class CollectingLogger : ILogger
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Messages.Enqueue(formatter(state, exception));
}

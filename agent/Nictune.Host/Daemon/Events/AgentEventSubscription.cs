using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Nictune.Host.Daemon.Events;

/// <summary>
/// One reader of the <see cref="AgentEventFeed"/>. Its buffer is bounded: a reader that falls that far behind is
/// dropped, and <see cref="ReadAllAsync"/> ends with <see cref="SlowSubscriberException"/> once it has read what was
/// buffered (the API answers RESOURCE_EXHAUSTED). Dispose to stop listening.
/// </summary>
public sealed class AgentEventSubscription : IDisposable
{
    private readonly AgentEventFeed _stream;
    private readonly Channel<AgentEvent> _buffer;

    internal AgentEventSubscription(AgentEventFeed stream, int capacity, long missed)
    {
        _stream = stream;
        Missed = missed;
        _buffer = Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Events after <c>since</c> that the ring no longer held when subscribing: a gap the reader cannot fill.</summary>
    public long Missed { get; }

    /// <summary>True once the stream dropped this reader for falling behind.</summary>
    public bool Dropped { get; private set; }

    /// <summary>Every event, in order, until disposed, cancelled, or dropped (then <see cref="SlowSubscriberException"/>).</summary>
    public async IAsyncEnumerable<AgentEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in _buffer.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    public void Dispose()
    {
        _stream.Unsubscribe(this);
        _buffer.Writer.TryComplete();
    }

    /// <summary>Hands over one event without waiting; false when the buffer is full.</summary>
    internal bool TryDeliver(AgentEvent e) => _buffer.Writer.TryWrite(e);

    internal void Drop()
    {
        Dropped = true;
        _buffer.Writer.TryComplete(new SlowSubscriberException(_buffer.Reader.Count));
    }
}

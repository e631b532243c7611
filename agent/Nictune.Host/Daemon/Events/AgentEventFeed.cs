using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Nictune.Host.Daemon.Events;

/// <summary>
/// The agent's one in-process event stream. <see cref="Publish"/> numbers an event, keeps it in a bounded ring, writes
/// its structured log line and hands it to every subscriber, all in one call: the log is not a second copy kept
/// elsewhere. A subscriber that passes <c>since</c> first gets what it missed that the ring still holds. Memory is
/// bounded on both sides: the ring keeps the last <see cref="Capacity"/> events, and a subscriber whose own buffer fills
/// (it reads slower than events arrive) is dropped, its reader ending with <see cref="SlowSubscriberException"/>.
/// </summary>
public sealed class AgentEventFeed
{
    /// <summary>The ring's default size (agent.yaml <c>api.events-buffer</c> once the API has its configuration).</summary>
    public const int DefaultCapacity = 1024;

    private readonly Lock _gate = new();
    private readonly AgentEvent[] _ring;
    private readonly List<AgentEventSubscription> _subscribers = [];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _sequence;

    public AgentEventFeed(ILogger<AgentEventFeed> logger, int capacity = DefaultCapacity, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new AgentEvent[capacity];
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public int Capacity => _ring.Length;

    /// <summary>The sequence number of the last event published; 0 before the first.</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    /// <summary>How many subscribers are attached (for tests and metrics).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Numbers, keeps, logs and delivers one event. Never blocks on a subscriber.</summary>
    public AgentEvent Publish(AgentEventData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        AgentEvent published;
        lock (_gate)
        {
            published = new AgentEvent(++_sequence, _time.GetUtcNow(), data);
            _ring[(int)((published.Sequence - 1) % _ring.Length)] = published;
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                if (!_subscribers[i].TryDeliver(published))
                {
                    _subscribers[i].Drop();
                    _subscribers.RemoveAt(i);
                }
            }
        }

        AgentEventLog.Write(_logger, data);
        return published;
    }

    /// <summary>The events the ring holds with a sequence number above <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<AgentEvent> Since(long since)
    {
        lock (_gate)
        {
            return Retained(since);
        }
    }

    /// <summary>
    /// Subscribes: first the retained events after <paramref name="since"/> (null: none, only new ones), then every
    /// event as it is published. <paramref name="buffer"/> bounds how far the reader may fall behind before it is dropped.
    /// </summary>
    public AgentEventSubscription Subscribe(long? since = null, int buffer = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer, 1);
        lock (_gate)
        {
            var backlog = since is { } s ? Retained(s) : [];
            var first = backlog.Count > 0 ? backlog[0].Sequence : _sequence + 1;
            var missed = since is { } from ? Math.Max(0, first - from - 1) : 0;

            // The backlog must fit whatever the reader's buffer: it is at most one ring.
            var subscription = new AgentEventSubscription(this, buffer + backlog.Count, missed);
            foreach (var e in backlog)
            {
                subscription.TryDeliver(e);
            }

            _subscribers.Add(subscription);
            return subscription;
        }
    }

    internal void Unsubscribe(AgentEventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    private List<AgentEvent> Retained(long since)
    {
        var oldest = Math.Max(1, _sequence - _ring.Length + 1);
        var from = Math.Max(oldest, since + 1);
        var events = new List<AgentEvent>((int)Math.Max(0, _sequence - from + 1));
        for (var sequence = from; sequence <= _sequence; sequence++)
        {
            events.Add(_ring[(int)((sequence - 1) % _ring.Length)]);
        }

        return events;
    }
}

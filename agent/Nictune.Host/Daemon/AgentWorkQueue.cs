using System.Diagnostics;
using Nictune.Linux.Netlink;

namespace Nictune.Host.Daemon;

/// <summary>
/// What the daemon's one work loop has to do, bounded in memory however fast triggers come. Link events and drift
/// ticks are idempotent (every pass re-reads everything), so they coalesce into one pending pass: the events are kept
/// for the log up to <see cref="MaxLinkEvents"/>, past which the pass is a resync. A SIGHUP is one pending flag.
/// Requests from outside (the API) queue in order, at most <see cref="MaxRequests"/>; one more is refused at once.
/// Order: a reload first (it changes what the rest means), then requests, then the coalesced pass, which waits for
/// link events to go quiet for <see cref="Debounce"/> (at most <see cref="MaxDebounce"/>) unless other work is due.
/// </summary>
internal sealed class AgentWorkQueue : IDisposable
{
    public const int MaxRequests = 32;
    public const int MaxLinkEvents = 256;

    /// <summary>Quiet time after a link event before reconciling: `ip link add` of a veth pair is several events.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);

    /// <summary>A storm of events still reconciles at least this often.</summary>
    public static readonly TimeSpan MaxDebounce = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly Queue<AgentRequest> _requests = new();
    private readonly List<LinkEvent> _links = [];
    private readonly SemaphoreSlim _wake = new(0, 1);
    private bool _linksOverflowed;
    private long _firstLink;
    private long _lastLink;
    private bool _drift;
    private bool _reload;
    private bool _deadline;
    private bool _adapt;
    private bool _closed;

    /// <summary>Work waiting (for tests: proves coalescing keeps it small).</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count + _links.Count + (_deadline ? 1 : 0) + (_drift ? 1 : 0) + (_reload ? 1 : 0) + (_adapt ? 1 : 0);
            }
        }
    }

    public void PostLink(LinkEvent linkEvent)
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (_links.Count == 0 && !_linksOverflowed)
            {
                _firstLink = now;
            }

            _lastLink = now;
            if (_links.Count < MaxLinkEvents)
            {
                _links.Add(linkEvent);
            }
            else
            {
                _linksOverflowed = true;
            }

            Wake();
        }
    }

    public void PostDrift()
    {
        lock (_gate)
        {
            _drift = true;
            Wake();
        }
    }

    /// <summary>Adaptive rings' tick: one pending at most, taken when nothing else is waiting.</summary>
    public void PostAdapt()
    {
        lock (_gate)
        {
            _adapt = true;
            Wake();
        }
    }

    /// <summary>A pending change's deadline: taken before any other work, so that nothing runs on an unconfirmed change past it.</summary>
    public void PostDeadline()
    {
        lock (_gate)
        {
            _deadline = true;
            Wake();
        }
    }

    public void PostReload()
    {
        lock (_gate)
        {
            _reload = true;
            Wake();
        }
    }

    /// <summary>Queues a request; false when the queue is full or closed (the caller says so; nothing was done).</summary>
    public bool TryPost(AgentRequest request)
    {
        lock (_gate)
        {
            if (_closed || _requests.Count >= MaxRequests)
            {
                return false;
            }

            _requests.Enqueue(request);
            Wake();
            return true;
        }
    }

    /// <summary>The next work, waiting for it (no polling); throws <see cref="OperationCanceledException"/> when stopping.</summary>
    public async Task<AgentWork> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                if (Take() is { } work)
                {
                    return work;
                }

                wait = _links.Count > 0 || _linksOverflowed ? DebounceLeft(Stopwatch.GetTimestamp()) : Timeout.InfiniteTimeSpan;
            }

            await _wake.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>No more requests are taken; those waiting are returned, for the caller to fail.</summary>
    public IReadOnlyList<AgentRequest> Close()
    {
        lock (_gate)
        {
            _closed = true;
            var left = _requests.ToList();
            _requests.Clear();
            return left;
        }
    }

    public void Dispose() => _wake.Dispose();

    private AgentWork? Take()
    {
        if (_deadline)
        {
            _deadline = false;
            return new AgentWork(AgentWorkKind.ConfirmDeadline);
        }

        if (_reload)
        {
            _reload = false;
            return new AgentWork(AgentWorkKind.Reload);
        }

        if (_requests.TryDequeue(out var request))
        {
            return new AgentWork(AgentWorkKind.Request, request);
        }

        var linksPending = _links.Count > 0 || _linksOverflowed;
        if (linksPending && (_drift || DebounceLeft(Stopwatch.GetTimestamp()) <= TimeSpan.Zero))
        {
            IReadOnlyList<LinkEvent> events = _linksOverflowed ? [.. _links, LinkEvent.Resync] : [.. _links];
            _links.Clear();
            _linksOverflowed = false;
            _drift = false;
            return new AgentWork(AgentWorkKind.Reconcile, Reason: ReconcileReason.ForLinks(events));
        }

        if (_drift && !linksPending)
        {
            _drift = false;
            return new AgentWork(AgentWorkKind.Reconcile, Reason: ReconcileReason.Drift);
        }

        if (_adapt && !linksPending)
        {
            _adapt = false;
            return new AgentWork(AgentWorkKind.Adapt);
        }

        return null;
    }

    private TimeSpan DebounceLeft(long now)
    {
        var quiet = Debounce - Stopwatch.GetElapsedTime(_lastLink, now);
        var storm = MaxDebounce - Stopwatch.GetElapsedTime(_firstLink, now);
        var left = quiet < storm ? quiet : storm;
        return left < TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }
}

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Nictune.Protocol.Api;

/// <summary>
/// One listener's cap on open connections (Kestrel connection middleware): a connection over the cap is closed as
/// soon as it is accepted, which frees its descriptor at once. Optionally a few more connections are kept for callers
/// that <paramref name="mayUseReserve"/> admits (on the Unix socket: those who may mutate), so that a flood by anyone
/// else leaves them a way in. Kestrel's own <c>MaxConcurrentConnections</c> is one number for every listener and has
/// no such reserve.
/// </summary>
/// <param name="listener">What it caps, for the log: <c>unix:PATH</c>, an address and port.</param>
public sealed class ConnectionCap(string listener, int cap, int reserve, Func<ConnectionContext, bool>? mayUseReserve, ILogger logger)
{
    /// <summary>At most one warning a minute: a flood must not flood the log.</summary>
    private static readonly long WarningInterval = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;

    private int _open;
    private int _reserved;
    private long _warned = -WarningInterval;

    /// <summary>Connections held now, the reserve's included.</summary>
    public int Open => Volatile.Read(ref _open) + Volatile.Read(ref _reserved);

    public Func<ConnectionDelegate, ConnectionDelegate> Middleware => next => async connection =>
    {
        var reserved = false;
        if (!TryEnter(ref _open, cap))
        {
            if (mayUseReserve is null || !mayUseReserve(connection) || !TryEnter(ref _reserved, reserve))
            {
                Refuse(connection);
                return;
            }

            reserved = true;
        }

        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref reserved ? ref _reserved : ref _open);
        }
    };

    private static bool TryEnter(ref int count, int limit)
    {
        if (Interlocked.Increment(ref count) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref count);
        return false;
    }

    private void Refuse(ConnectionContext connection)
    {
        var now = Environment.TickCount64;
        var warned = Interlocked.Read(ref _warned);
        if (now - warned >= WarningInterval && Interlocked.CompareExchange(ref _warned, now, warned) == warned)
        {
            ConnectionLimitLog.Full(logger, listener, cap);
        }

        connection.Abort(new ConnectionAbortedException("the listener is at its connection cap"));
    }
}

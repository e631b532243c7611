namespace Nictune.Linux.Netlink;

/// <summary>A stream of link hot-plug events; the daemon consumes one, tests substitute their own.</summary>
public interface ILinkEventSource
{
    /// <summary>Events as they happen, until <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<LinkEvent> ReadEventsAsync(CancellationToken cancellationToken);
}

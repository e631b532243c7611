using Nictune.Linux.Netlink;

namespace Nictune.Host.Daemon;

/// <summary>The link source when netlink is unavailable: nothing, until stopped. Drift ticks still reconcile.</summary>
internal sealed class NoLinkEvents : ILinkEventSource
{
    public static readonly NoLinkEvents Instance = new();

    public async IAsyncEnumerable<LinkEvent> ReadEventsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        yield break;
    }
}

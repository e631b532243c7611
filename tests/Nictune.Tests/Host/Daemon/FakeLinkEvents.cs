using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Nictune.Linux.Netlink;

namespace Nictune.Tests.Host.Daemon;

/// <summary>A link event source the test writes to.</summary>
internal sealed class FakeLinkEvents : ILinkEventSource
{
    private readonly Channel<LinkEvent> _events = Channel.CreateUnbounded<LinkEvent>();

    public void Raise(LinkEvent linkEvent) => _events.Writer.TryWrite(linkEvent);

    public async IAsyncEnumerable<LinkEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var linkEvent in _events.Reader.ReadAllAsync(cancellationToken))
        {
            yield return linkEvent;
        }
    }
}

namespace Nictune.Linux.Netlink;

/// <summary>
/// The live system's links from one rtnetlink dump per discovery pass, for the facts sysfs would take a file read each
/// for (docs/discovery.md). The socket is opened at the first dump and reused; it belongs to the network namespace
/// of the thread that opened it. A dump that fails leaves discovery to sysfs for that pass.
/// </summary>
public sealed class LiveLinkSource : IDisposable
{
    private readonly Lock _gate = new();
    private LinkDumper? _dumper;
    private bool _disposed;

    /// <summary>Every link now, or null when netlink could not say (discovery then reads sysfs alone).</summary>
    internal LinkSnapshot? TryDump()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _dumper ??= LinkDumper.Open();
                // Discovery reads no counters: the kernel may leave out those it can (RTEXT_FILTER_SKIP_STATS: the IPv6
                // and VF statistics; docs/discovery.md).
                return new LinkSnapshot(_dumper.Dump(Interop.Rtnetlink.RTEXT_FILTER_SKIP_STATS));
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _dumper?.Dispose();
            _dumper = null;
        }
    }
}

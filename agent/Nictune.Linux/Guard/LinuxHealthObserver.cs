using System.Net;
using System.Net.Sockets;
using System.Text;
using Nictune.Core.Guard;
using Nictune.Linux.IO;
using Nictune.Linux.Netlink;
using Nictune.Linux.Sysfs;
using Tmds.Linux;

namespace Nictune.Linux.Guard;

/// <summary>
/// The health guard's observations on Linux (docs/guard.md): the carrier and rx packet counter from
/// /sys/class/net/&lt;if&gt; (through <see cref="SystemRoot"/>), and a TCP probe bound to the interface with
/// <c>SO_BINDTODEVICE</c>, so that it answers for that interface and not for whichever route the kernel prefers; the
/// gateway probe's default routes and neighbour entries over rtnetlink (<see cref="NeighbourTable"/>). On the live
/// system a round of samples is one RTM_GETLINK dump instead (IFF_LOWER_UP of ifi_flags and IFLA_STATS64's
/// rx_packets, the values those two files show; docs/guard.md): a few system calls for every interface, where the files
/// take seven per interface. Its socket opens at the first round and belongs to that thread's network namespace.
/// </summary>
public sealed class LinuxHealthObserver(SystemRoot root) : IHealthObserver, IDisposable
{
    private readonly Lock _gate = new();
    private LinkDumper? _dumper;
    private bool _disposed;

    public IReadOnlyList<LinkSample?> Sample(IReadOnlyList<string> nics)
    {
        ArgumentNullException.ThrowIfNull(nics);
        if (nics.Count == 0)
        {
            return [];
        }

        if (Dump() is not { } links)
        {
            return [.. nics.Select(Sample)];
        }

        var byName = new Dictionary<string, LinkMessage>(links.Count, StringComparer.Ordinal);
        foreach (var link in links)
        {
            byName.TryAdd(link.Name!, link);
        }

        return [.. nics.Select(nic => byName.TryGetValue(nic, out var link) ? Of(link) : (LinkSample?)null)];
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

    /// <summary>What sysfs's <c>carrier</c> and <c>statistics/rx_packets</c> would read, from the link's message.</summary>
    private static LinkSample Of(LinkMessage link) =>
        new((link.Attributes.Flags & Interop.Rtnetlink.IFF_LOWER_UP) != 0, link.Counters is { } counters ? (long)counters.RxPackets : null);

    /// <summary>Every link now with its counters; null off the live root, or when netlink could not say (sysfs then answers).</summary>
    private IReadOnlyList<LinkMessage>? Dump()
    {
        if (!root.IsLive)
        {
            return null;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _dumper ??= LinkDumper.Open();
                return _dumper.Dump(extFilterMask: 0);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    public LinkSample? Sample(string nic)
    {
        var directory = $"{SysfsPaths.ClassNet}/{nic}";
        if (!root.DirectoryExists(directory))
        {
            return null;
        }

        // An interface that is administratively down has no carrier file to read (EINVAL): its carrier is down.
        var carrier = root.ReadTrimmed($"{directory}/{SysfsPaths.Net.Carrier}") == "1";
        return new LinkSample(carrier, root.ReadInt64($"{directory}/{SysfsPaths.Net.RxPackets}"));
    }

    public string? Probe(GuardProbe probe, string nic, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            using var socket = new Socket(probe.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.SetRawSocketOption(LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, Encoding.ASCII.GetBytes(nic + "\0"));
            using var deadline = new CancellationTokenSource(timeout);
            socket.ConnectAsync(probe.Address, probe.Port, deadline.Token).AsTask().GetAwaiter().GetResult();
            return null;
        }
        catch (OperationCanceledException)
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.#}s");
        }
        catch (SocketException e)
        {
            return $"connect: {e.SocketErrorCode}";
        }
    }

    public IReadOnlyList<IPAddress> Gateways(string nic)
    {
        try
        {
            return IfIndex(nic) is { } ifindex ? NeighbourTable.DefaultGateways(ifindex) : [];
        }
        catch (IOException)
        {
            // Routes that cannot be read name no gateway to require.
            return [];
        }
    }

    public string? Solicit(IPAddress neighbour, string nic)
    {
        try
        {
            if (IfIndex(nic) is not { } ifindex)
            {
                return "the interface is gone";
            }

            NeighbourTable.Solicit(neighbour, ifindex);
            return null;
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    public NeighbourSample Neighbour(IPAddress neighbour, string nic)
    {
        try
        {
            return IfIndex(nic) is { } ifindex ? NeighbourTable.Read(neighbour, ifindex) : new(NeighbourStatus.Pending, "gone with its interface");
        }
        catch (IOException e)
        {
            return new(NeighbourStatus.Pending, e.Message);
        }
    }

    private int? IfIndex(string nic) => root.ReadInt64($"{SysfsPaths.ClassNet}/{nic}/{SysfsPaths.Net.IfIndex}") is { } index ? (int)index : null;
}

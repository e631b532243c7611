using System.Net;
using System.Net.Sockets;
using System.Text;
using Nictune.Core.Guard;
using Nictune.Linux.IO;
using Nictune.Linux.Sysfs;
using Tmds.Linux;

namespace Nictune.Linux.Guard;

/// <summary>
/// The health guard's observations on Linux (docs/guard.md): the carrier and rx packet counter from
/// /sys/class/net/&lt;if&gt; (through <see cref="SystemRoot"/>), and a TCP probe bound to the interface with
/// <c>SO_BINDTODEVICE</c>, so that it answers for that interface and not for whichever route the kernel prefers; the
/// gateway probe's default routes and neighbour entries over rtnetlink (<see cref="NeighbourTable"/>).
/// </summary>
public sealed class LinuxHealthObserver(SystemRoot root) : IHealthObserver
{
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

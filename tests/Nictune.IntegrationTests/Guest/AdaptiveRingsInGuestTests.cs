using System.Diagnostics;
using System.Globalization;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Guest;

/// <summary>vmxnet3 alone, with UDP forwarded to it by slirp (<see cref="AdaptiveRingsInGuestTests.Port"/>).</summary>
public sealed class AdaptiveRingsGuest() : GuestFixture(GuestMachine.Vmxnet3WithUdpForward(AdaptiveRingsInGuestTests.Port));

/// <summary>
/// Issue 22, "adaptive rings on a real vmxnet3 ring starved by traffic through slirp's hostfwd": the daemon in the
/// guest with adaptive rings in apply mode, the rx ring at 32, and a UDP flood sent from QEMU's network namespace.
/// </summary>
[Collection(GuestSerial.Name)]
public sealed class AdaptiveRingsInGuestTests(AdaptiveRingsGuest fixture, ITestOutputHelper output) : IClassFixture<AdaptiveRingsGuest>
{
    /// <summary>The UDP port slirp forwards; it listens in QEMU's own network namespace, so it meets no other user.</summary>
    internal const int Port = 5555;

    /// <summary>The flood's ceiling, in datagrams per second, and its lifetime: the test kills it sooner.</summary>
    private const int FloodRate = 20000;
    private static readonly TimeSpan FloodLifetime = TimeSpan.FromMinutes(6);

    [Fact]
    public void A_vmxnet3_ring_starved_by_udp_through_slirp_is_grown_and_the_event_and_metric_say_so()
    {
        Prerequisite.RequireTool("nsenter");
        Prerequisite.RequireTool("timeout");
        Prerequisite.RequireTool("python3");
        var guest = fixture.Guest;
        var booted = DaemonScenario.Phase(guest, "adaptive-start").Values("booted");
        var vmx = booted["vmx"];
        Assert.Equal("32", booted["vmx_rx"]);

        GuestSections grown;
        using (Flood(guest.NetworkNamespacePid))
        {
            grown = DaemonScenario.Phase(guest, "adaptive-wait");
        }

        DaemonScenario.Phase(guest, "stop");
        var after = grown.Values("grown");
        output.WriteLine($"boot {guest.BootTime.TotalSeconds:0.0} s; pkts rx OOB {booted["oob"]} -> {after["oob"]}; RX 32 -> {after["vmx_rx"]}\n{grown.Output}");
        Assert.True(long.Parse(after["oob"], CultureInfo.InvariantCulture) > long.Parse(booted["oob"], CultureInfo.InvariantCulture), $"pkts rx OOB did not rise: {booted["oob"]} -> {after["oob"]}");
        Assert.True(int.Parse(after["vmx_rx"], CultureInfo.InvariantCulture) > 32, $"ethtool -g shows RX {after["vmx_rx"]}");
        Assert.Contains(Lines(grown["events"]), l => l.Contains(vmx, StringComparison.Ordinal));
        Assert.Contains(Lines(grown["metrics"]), l => l.StartsWith($"nictune_adaptive_changes_total{{device=\"{vmx}\",result=\"applied\"}} ", StringComparison.Ordinal));
        Assert.Contains(Lines(grown["log"]), l => l.Contains($"{vmx} ring.rx 32 -> ", StringComparison.Ordinal));
    }

    /// <summary>
    /// UDP datagrams to slirp's forwarded port on the loopback of QEMU's network namespace, at most
    /// <see cref="FloodRate"/> a second and for at most <see cref="FloodLifetime"/>; disposing it kills it.
    /// </summary>
    private static Flooder Flood(int pid)
    {
        const string Sender = """
            import socket, sys, time
            port, rate = int(sys.argv[1]), int(sys.argv[2])
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            start, sent = time.monotonic(), 0
            while True:
                if sent < rate * (time.monotonic() - start):
                    for _ in range(100):
                        s.sendto(b"x" * 64, ("127.0.0.1", port))
                    sent += 100
                else:
                    time.sleep(0.005)
            """;
        var start = new ProcessStartInfo(Tools.Find("nsenter")!) { UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-t", pid.ToString(CultureInfo.InvariantCulture), "-n", "timeout", ((int)FloodLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "python3", "-c", Sender, Port.ToString(CultureInfo.InvariantCulture), FloodRate.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        return new Flooder(Process.Start(start) ?? throw new InvalidOperationException("could not start the UDP flood"));
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private sealed class Flooder(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}

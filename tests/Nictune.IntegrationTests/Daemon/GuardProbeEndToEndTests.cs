using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// The health guard's TCP probe (docs/guard.md) on the real kernel, over IPv4 and IPv6: vt1 is moved into a peer
/// namespace of its own with a TCP listener on its address, and the agent probes it through vt0 (SO_BINDTODEVICE). The listener prints a line per
/// connection it accepts, which proves the probe really answered before the change. When the listener is stopped
/// behind the boot change (held open by the fault hook, the agent frozen meanwhile), the change is reverted; when it
/// keeps answering, the change is kept. Values are read back with ethtool, sysfs and sysctl.
/// </summary>
public sealed class GuardProbeEndToEndTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";
    private const int Port = 8080;

    /// <summary>The agent's address (with its prefix) and the peer's, over IPv4 and over IPv6.</summary>
    public static TheoryData<string, string> Addresses { get; } = new()
    {
        { "10.77.0.1/24", "10.77.0.2" },
        { "2001:db8:77::1/64", "2001:db8:77::2" },
    };

    /// <summary>Accepts and closes every connection, one line each, so the test can count the probes.</summary>
    private static string Listener(string peerAddress) => $"""
        import socket
        s = socket.socket(socket.AF_INET6 if ":" in "{peerAddress}" else socket.AF_INET)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("{peerAddress}", {Port}))
        s.listen(16)
        print("listening", flush=True)
        while True:
            c, _ = s.accept()
            print("accepted", flush=True)
            c.close()
        """;

    private static string Probe(string peerAddress) => new System.Net.IPEndPoint(System.Net.IPAddress.Parse(peerAddress), Port).ToString();

    private static string GuardConfig(string peerAddress) => $"\nguard:\n  probe:\n    - \"{Probe(peerAddress)}\"\n  probe-timeout: 3s\n";

    [Theory]
    [MemberData(nameof(Addresses))]
    public void A_boot_change_after_which_the_probe_stops_answering_is_reverted_and_the_probe_named(string agentAddress, string peerAddress)
    {
        using var ns = new DaemonNamespace();
        using var peer = Peer(ns, agentAddress, peerAddress);
        using var listener = Listen(ns, peer, peerAddress);
        var original = ns.Managed("vt0");
        var config = ns.WriteConfig(ns.Config() + GuardConfig(peerAddress));

        var agent = ns.StartAgent(config, faultHook: "1:3000");
        agent.WaitForLine("fault hook: paused after write 1", Poll.Boot);
        // The guard's look before the change connected; the listener goes away while the agent stands still.
        listener.WaitForLine("accepted", Poll.Soon);
        using (agent.Freeze())
        {
            listener.Signal("KILL");
            listener.WaitForExit(Poll.Soon);
        }

        var ready = ns.Notify.WaitFor("READY=1", Poll.Boot);
        var status = ready.Split('\n').Single(l => l.StartsWith("STATUS=", StringComparison.Ordinal));
        output.WriteLine(status);
        Assert.Contains("reverted by the health guard", status, StringComparison.Ordinal);
        Assert.Contains($"vt0: probe: tcp {Probe(peerAddress)} answered before the change and not within 3.0s after it", status, StringComparison.Ordinal);
        agent.WaitForLine("Health guard: vt0 probe check failed after transaction", Poll.Soon);
        agent.WaitForLine("Health guard: rolled back transaction", Poll.Soon);

        // vt0 keeps its originals (set aside); the sysctls, on no interface, are applied by a later pass.
        Assert.True(Poll.Until(() => ns.Managed("vt0")["net.core.somaxconn"] == "8192", Poll.Soon), agent.Output);
        var now = ns.Managed("vt0");
        Assert.All(original.Where(e => e.Key.StartsWith("vt0 ", StringComparison.Ordinal)), e => Assert.Equal(e.Value, now[e.Key]));
        Assert.Single(agent.Output.Split('\n'), l => l.Contains("Health guard: rolled back transaction", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Addresses))]
    public void A_boot_change_after_which_the_probe_still_answers_is_kept(string agentAddress, string peerAddress)
    {
        using var ns = new DaemonNamespace();
        using var peer = Peer(ns, agentAddress, peerAddress);
        using var listener = Listen(ns, peer, peerAddress);
        var config = ns.WriteConfig(ns.Config() + GuardConfig(peerAddress));

        var agent = ns.StartAgent(config);
        var ready = ns.Notify.WaitFor("READY=1", Poll.Boot);
        output.WriteLine(ready);
        Assert.DoesNotContain("health guard", ready, StringComparison.Ordinal);

        // One probe before the change and one after it, both answered.
        var before = listener.WaitForLine("accepted", Poll.Soon);
        listener.WaitForLine("accepted", Poll.Soon, from: before.Number + 1);
        Assert.Equal(DaemonNamespace.Wanted("vt0"), ns.Managed("vt0"));
        Assert.DoesNotContain("Health guard: rolled back", agent.Output, StringComparison.Ordinal);
    }

    /// <summary>Moves vt1 into a namespace of its own and addresses both ends of the pair (IPv6 without duplicate address detection, so the addresses are usable at once).</summary>
    internal static NetNamespace Peer(DaemonNamespace ns, string agentAddress, string peerAddress)
    {
        Prerequisite.Require(File.Exists(Python), Python);
        var peer = NetNamespace.Create("nictune-peer");
        try
        {
            ns.Namespace.Ip("link", "set", "vt1", "netns", peer.Name);
            var prefix = agentAddress[agentAddress.IndexOf('/', StringComparison.Ordinal)..];
            string[] noDad = agentAddress.Contains(':', StringComparison.Ordinal) ? ["nodad"] : [];
            ns.Namespace.Ip(["addr", "add", agentAddress, "dev", "vt0", .. noDad]);
            peer.Ip(["addr", "add", peerAddress + prefix, "dev", "vt1", .. noDad]);
            peer.Ip("link", "set", "vt1", "up");
            return peer;
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    private static AgentProcess Listen(DaemonNamespace ns, NetNamespace peer, string peerAddress)
    {
        var listener = AgentProcess.Start(peer, ["-u", "-c", Listener(peerAddress)], new Dictionary<string, string>(), Python);
        listener.WaitForLine("listening", Poll.Soon);
        Assert.True(Poll.Until(() => ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/carrier").Trim() == "1", Poll.Soon));
        return listener;
    }
}

using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// The health guard's TCP probe (docs/guard.md) on the real kernel: vt1 is moved into a peer namespace of its own with
/// a TCP listener on its address, and the agent probes it through vt0 (SO_BINDTODEVICE). The listener prints a line per
/// connection it accepts, which proves the probe really answered before the change. When the listener is stopped
/// behind the boot change (held open by the fault hook, the agent frozen meanwhile), the change is reverted; when it
/// keeps answering, the change is kept. Values are read back with ethtool, sysfs and sysctl.
/// </summary>
public sealed class GuardProbeEndToEndTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";
    private const string AgentAddress = "10.77.0.1/24";
    private const string PeerAddress = "10.77.0.2";
    private const int Port = 8080;

    /// <summary>Accepts and closes every connection, one line each, so the test can count the probes.</summary>
    private static readonly string Listener = $"""
        import socket
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("{PeerAddress}", {Port}))
        s.listen(16)
        print("listening", flush=True)
        while True:
            c, _ = s.accept()
            print("accepted", flush=True)
            c.close()
        """;

    private static readonly string GuardConfig = $"\nguard:\n  probe:\n    - {PeerAddress}:{Port}\n  probe-timeout: 3s\n";

    [Fact]
    public void A_boot_change_after_which_the_probe_stops_answering_is_reverted_and_the_probe_named()
    {
        using var ns = new DaemonNamespace();
        using var peer = Peer(ns);
        using var listener = Listen(ns, peer);
        var original = ns.Managed("vt0");
        var config = ns.WriteConfig(ns.Config() + GuardConfig);

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
        Assert.Contains($"vt0: probe: tcp {PeerAddress}:{Port} answered before the change and not within 3.0s after it", status, StringComparison.Ordinal);
        agent.WaitForLine("Health guard: vt0 probe check failed after transaction", Poll.Soon);
        agent.WaitForLine("Health guard: rolled back transaction", Poll.Soon);

        // vt0 keeps its originals (set aside); the sysctls, on no interface, are applied by a later pass.
        Assert.True(Poll.Until(() => ns.Managed("vt0")["net.core.somaxconn"] == "8192", Poll.Soon), agent.Output);
        var now = ns.Managed("vt0");
        Assert.All(original.Where(e => e.Key.StartsWith("vt0 ", StringComparison.Ordinal)), e => Assert.Equal(e.Value, now[e.Key]));
        Assert.Single(agent.Output.Split('\n'), l => l.Contains("Health guard: rolled back transaction", StringComparison.Ordinal));
    }

    [Fact]
    public void A_boot_change_after_which_the_probe_still_answers_is_kept()
    {
        using var ns = new DaemonNamespace();
        using var peer = Peer(ns);
        using var listener = Listen(ns, peer);
        var config = ns.WriteConfig(ns.Config() + GuardConfig);

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

    /// <summary>Moves vt1 into a namespace of its own and addresses both ends of the pair.</summary>
    private static NetNamespace Peer(DaemonNamespace ns)
    {
        Prerequisite.Require(File.Exists(Python), Python);
        var peer = NetNamespace.Create("nictune-peer");
        try
        {
            ns.Namespace.Ip("link", "set", "vt1", "netns", peer.Name);
            ns.Namespace.Ip("addr", "add", AgentAddress, "dev", "vt0");
            peer.Ip("addr", "add", $"{PeerAddress}/24", "dev", "vt1");
            peer.Ip("link", "set", "vt1", "up");
            return peer;
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    private static AgentProcess Listen(DaemonNamespace ns, NetNamespace peer)
    {
        var listener = AgentProcess.Start(peer, ["-u", "-c", Listener], new Dictionary<string, string>(), Python);
        listener.WaitForLine("listening", Poll.Soon);
        Assert.True(Poll.Until(() => ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/carrier").Trim() == "1", Poll.Soon));
        return listener;
    }
}

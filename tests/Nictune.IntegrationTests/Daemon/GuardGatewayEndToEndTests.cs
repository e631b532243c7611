using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// The health guard's gateway probe (<c>probe: [gateway]</c>, docs/guard.md) on the real kernel: vt1 is moved into a
/// peer namespace that holds the default gateway's addresses, IPv4 and IPv6, and the agent's namespace routes its
/// default routes through vt0 to them. Nothing else in the agent's namespace talks to the gateway, so an entry for it in
/// <c>ip neigh</c> is the agent's doing. When the peer drops its IPv4 address behind the boot change (held open by the
/// fault hook, the agent frozen meanwhile), the change is reverted and the gateway named; when the gateway keeps
/// answering, the change is kept. Values are read back with ethtool, sysfs and sysctl.
/// </summary>
public sealed class GuardGatewayEndToEndTests(ITestOutputHelper output)
{
    private const string Gateway4 = "10.78.0.1";
    private const string Gateway6 = "2001:db8:78::1";
    private const string GuardConfig = "\nguard:\n  probe: [gateway]\n  probe-timeout: 5s\n";

    [Fact]
    public void A_boot_change_after_which_the_gateway_stops_answering_is_reverted_and_the_gateway_named()
    {
        using var ns = new DaemonNamespace();
        using var peer = Gateways(ns);
        var original = ns.Managed("vt0");
        var config = ns.WriteConfig(ns.Config() + GuardConfig);

        var agent = ns.StartAgent(config, faultHook: "1:3000");
        agent.WaitForLine("fault hook: paused after write 1", Poll.Boot);
        // The guard's look before the change resolved both gateways; the IPv4 one goes while the agent stands still.
        Assert.Contains("REACHABLE", Neighbour(ns, Gateway4), StringComparison.Ordinal);
        Assert.Contains("REACHABLE", Neighbour(ns, Gateway6), StringComparison.Ordinal);
        using (agent.Freeze())
        {
            peer.Ip("addr", "del", $"{Gateway4}/24", "dev", "vt1");
        }

        var ready = ns.Notify.WaitFor("READY=1", Poll.Boot);
        var status = ready.Split('\n').Single(l => l.StartsWith("STATUS=", StringComparison.Ordinal));
        output.WriteLine(status);
        Assert.Contains("reverted by the health guard", status, StringComparison.Ordinal);
        Assert.Contains($"vt0: probe: neighbour {Gateway4} (default gateway) on vt0 ", status, StringComparison.Ordinal);
        Assert.Contains("(REACHABLE before the change; bound 5.0s)", status, StringComparison.Ordinal);
        Assert.DoesNotContain(Gateway6, status, StringComparison.Ordinal);
        agent.WaitForLine("Health guard: vt0 probe check failed after transaction", Poll.Soon);
        agent.WaitForLine("Health guard: rolled back transaction", Poll.Soon);
        var entry = Neighbour(ns, Gateway4);
        output.WriteLine(entry);
        Assert.DoesNotContain("REACHABLE", entry, StringComparison.Ordinal);

        // vt0 keeps its originals (set aside); the sysctls, on no interface, are applied by a later pass.
        Assert.True(Poll.Until(() => ns.Managed("vt0")["net.core.somaxconn"] == "8192", Poll.Soon), agent.Output);
        var now = ns.Managed("vt0");
        Assert.All(original.Where(e => e.Key.StartsWith("vt0 ", StringComparison.Ordinal)), e => Assert.Equal(e.Value, now[e.Key]));
    }

    [Fact]
    public void A_boot_change_after_which_the_gateway_still_answers_is_kept()
    {
        using var ns = new DaemonNamespace();
        using var peer = Gateways(ns);
        Assert.Equal("", Neighbour(ns, Gateway4));
        var config = ns.WriteConfig(ns.Config() + GuardConfig);

        var agent = ns.StartAgent(config);
        var ready = ns.Notify.WaitFor("READY=1", Poll.Boot);
        output.WriteLine(ready);
        Assert.DoesNotContain("health guard", ready, StringComparison.Ordinal);

        // The agent resolved both gateways through vt0.
        Assert.Contains("REACHABLE", Neighbour(ns, Gateway4), StringComparison.Ordinal);
        Assert.Matches("REACHABLE|STALE", Neighbour(ns, Gateway6));
        Assert.Equal(DaemonNamespace.Wanted("vt0"), ns.Managed("vt0"));
        Assert.DoesNotContain("Health guard: rolled back", agent.Output, StringComparison.Ordinal);
    }

    /// <summary>The peer holds the gateways; the agent's namespace routes its default routes to them through vt0.</summary>
    private static NetNamespace Gateways(DaemonNamespace ns)
    {
        var peer = GuardProbeEndToEndTests.Peer(ns, "10.78.0.2/24", Gateway4);
        try
        {
            ns.Namespace.Ip("addr", "add", "2001:db8:78::2/64", "dev", "vt0", "nodad");
            peer.Ip("addr", "add", $"{Gateway6}/64", "dev", "vt1", "nodad");
            Assert.True(Poll.Until(() => ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/carrier").Trim() == "1", Poll.Soon));
            ns.Namespace.Ip("route", "add", "default", "via", Gateway4, "dev", "vt0");
            ns.Namespace.Ip("-6", "route", "add", "default", "via", Gateway6, "dev", "vt0");
            return peer;
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    /// <summary>What <c>ip neigh</c> shows for <paramref name="address"/> on vt0; empty when there is no entry.</summary>
    private static string Neighbour(DaemonNamespace ns, string address) =>
        ns.Namespace.Ip("neigh", "show", address, "dev", "vt0").Trim();
}

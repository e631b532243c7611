using System.Text.RegularExpressions;
using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// The health guard (docs/guard.md) on the real kernel: the boot tune's change is held open by the fault hook while
/// the test takes the veth peer down behind it, so the changed interface loses its carrier; the guard must roll the
/// change back before READY=1, say so in STATUS=, and not try it again. Values are read back with ethtool and sysfs.
/// </summary>
public sealed partial class GuardEndToEndTests(ITestOutputHelper output)
{
    private static readonly string[] Pair = ["vt0", "vt1"];

    [Fact]
    public void A_boot_change_after_which_the_carrier_stays_down_is_reverted_before_ready_and_not_tried_again()
    {
        using var ns = new DaemonNamespace();
        var original = ns.Managed(Pair);
        var config = ns.WriteConfig(ns.Config() + "\nguard:\n  link-timeout: 3s\n");

        // The first write of the boot tune is held for 3 s: the peer goes down inside the transaction, after the
        // guard has seen both carriers up.
        var agent = ns.StartAgent(config, faultHook: "1:3000");
        agent.WaitForLine("fault hook: paused after write 1", Poll.Boot);
        ns.Namespace.CheckExec("ip", "link", "set", "vt1", "down");

        var ready = ns.Notify.WaitFor("READY=1", Poll.Boot);
        var status = ready.Split('\n').Single(l => l.StartsWith("STATUS=", StringComparison.Ordinal));
        output.WriteLine(status);
        Assert.Contains("reverted by the health guard", status, StringComparison.Ordinal);
        Assert.Matches("vt[01]: link: carrier still down", status);
        var reverted = agent.WaitForLine("Health guard: rolled back transaction", Poll.Soon);
        output.WriteLine(reverted.Text);
        Assert.Matches(ElapsedMs(), reverted.Text);

        // The failed interface's values are the originals (ethtool, sysfs); the sysctls, on no failed interface, are
        // applied by a later pass, which proves that pass ran and left the failed interface alone.
        Assert.True(Poll.Until(() => ns.Managed(Pair)["net.core.somaxconn"] == "8192", Poll.Soon), agent.Output);
        var now = ns.Managed(Pair);
        // The interfaces named in the evidence keep their originals; a pair member that did not fail is tuned again.
        var failed = Pair.Where(nic => status.Contains($"{nic}: link: carrier still down", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(failed);
        foreach (var nic in failed)
        {
            Assert.All(original.Where(e => e.Key.StartsWith(nic + " ", StringComparison.Ordinal)), e => Assert.Equal(e, new KeyValuePair<string, string>(e.Key, now[e.Key])));
        }

        agent.WaitForLine("link check failed after transaction", Poll.Soon);
        Assert.Single(agent.Output.Split('\n'), l => l.Contains("Health guard: rolled back transaction", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\d+ ms after the change ended")]
    private static partial Regex ElapsedMs();
}

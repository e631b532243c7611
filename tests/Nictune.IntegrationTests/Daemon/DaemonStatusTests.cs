using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>What the real agent tells systemd in STATUS= is what the kernel holds (read with ethtool and sysctl).</summary>
public sealed class DaemonStatusTests
{
    private static readonly TimeSpan Boot = Poll.Boot;
    private static readonly string[] Pair = ["vt0", "vt1"];

    [Fact]
    public void After_a_refusal_is_set_aside_status_counts_what_the_retry_applied_and_only_the_tuned_interfaces()
    {
        using var ns = new DaemonNamespace();
        // The e2e profile plus one sysctl the kernel refuses for good (min above max: EINVAL).
        ns.RewriteProfile("""
            name: e2e
            sysctl:
              net.core.somaxconn: 8192
              net.ipv4.tcp_slow_start_after_idle: 0
              net.ipv4.ip_local_port_range: "60000 50000"
            interfaces:
              - match: { driver: [veth], name: "vt*" }
                features: { gro: on, tso: off }
                channels: { rx: 2, tx: 2 }
                txqueuelen: 5000
            """);
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));

        var ready = ns.Notify.WaitFor("READY=1", Boot);

        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        var status = ready.Split('\n').Single(line => line.StartsWith("STATUS=", StringComparison.Ordinal));
        // Before, this said "0 setting(s) changed, 1 failed" with everything applied, and counted lo among the tuned.
        // At least 12 rows were written (2 sysctls, 5 settings on each veth; tso is several kernel features).
        var match = System.Text.RegularExpressions.Regex.Match(status, @"^STATUS=tuned 2 interface\(s\) with profile e2e: ([0-9]+) setting\(s\) changed, 1 set aside \(refused by the kernel or failed the health guard\)$");
        Assert.True(match.Success, $"{status}\n{agent.Output}");
        Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 12, 40);
        Assert.DoesNotContain("No longer managed", agent.Output, StringComparison.Ordinal);
    }
}

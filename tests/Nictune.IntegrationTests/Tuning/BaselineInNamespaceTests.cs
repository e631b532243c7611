using Xunit;

namespace Nictune.IntegrationTests.Tuning;

/// <summary>
/// The baseline holds only what nictune left changed. A transaction that wrote somaxconn, was refused on the next
/// sysctl and rolled back, and never reached TSO, adds neither to baseline.json; so after the operator sets both by
/// hand, <c>rollback --to baseline</c> restores what a later committed transaction changed and leaves them alone.
/// </summary>
public sealed class BaselineInNamespaceTests
{
    [Fact]
    public void Settings_of_a_transaction_that_rolled_back_are_not_in_the_baseline_and_rollback_to_baseline_leaves_them_alone()
    {
        using var ns = new TuningNamespace();
        var slowStart = ns.Sysctl("net.ipv4.tcp_slow_start_after_idle");
        Assert.Equal("on", ns.Feature("vt0", "tx-tcp-segmentation"));
        var failing = ns.WriteProfile("veth-refused", """
            name: veth-refused
            sysctl:
              net.core.somaxconn: 8192
              net.ipv4.ip_local_port_range: "60000 50000"
            interfaces:
              - match: { driver: veth, name: vt0 }
                features: { tso: off }
            """);
        var other = ns.WriteProfile("veth-other", """
            name: veth-other
            sysctl:
              net.ipv4.tcp_slow_start_after_idle: 0
            """);

        var refused = ns.Nictune("apply", "--profile", failing, "--state-dir", ns.StateDir, "--json");
        Assert.True(refused.ExitCode == 1, $"exit {refused.ExitCode}\n{refused.Stdout}{refused.Stderr}");
        Assert.Contains("\"rolled-back\"", refused.Stdout, StringComparison.Ordinal);

        // The operator's own values, set after nictune's failed attempt.
        ns.Namespace.CheckExec("sysctl", "-w", "net.core.somaxconn=2048");
        ns.Ethtool("-K", "vt0", "tso", "off");

        var applied = ns.Nictune("apply", "--profile", other, "--state-dir", ns.StateDir);
        Assert.True(applied.ExitCode == 0, applied.Stdout + applied.Stderr);
        var baseline = File.ReadAllText(Path.Join(ns.StateDir, "baseline.json"));
        Assert.Contains("tcp_slow_start_after_idle", baseline, StringComparison.Ordinal);
        Assert.DoesNotContain("somaxconn", baseline, StringComparison.Ordinal);
        Assert.DoesNotContain("tx-tcp-segmentation", baseline, StringComparison.Ordinal);

        var rollback = ns.Nictune("rollback", "--to", "baseline", "--state-dir", ns.StateDir);

        Assert.True(rollback.ExitCode == 0, rollback.Stdout + rollback.Stderr);
        Assert.Equal(slowStart, ns.Sysctl("net.ipv4.tcp_slow_start_after_idle"));
        Assert.Equal("2048", ns.Sysctl("net.core.somaxconn"));
        Assert.Equal("off", ns.Feature("vt0", "tx-tcp-segmentation"));
    }
}

using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// The real <c>nictune run</c> as a child process in a namespace of its own: boot tune and READY=1, hot-plug, drift,
/// signals in the middle of a transaction, bad configurations, restore on stop. Every kernel value is read back with
/// ethtool, sysctl and sysfs inside the namespace, never taken from the agent's word.
/// </summary>
public sealed class AgentEndToEndTests
{
    /// <summary>Start-up includes the runtime's start and JIT on a loaded machine: generous, yet bounded.</summary>
    private static readonly TimeSpan Boot = Poll.Boot;

    /// <summary>For what the daemon does on an event or a 1 s drift tick.</summary>
    private static readonly TimeSpan Soon = Poll.Soon;

    private static readonly string[] Pair = ["vt0", "vt1"];

    [Fact]
    public void Ready_is_sent_only_once_the_boot_tune_has_applied_the_profile()
    {
        using var ns = new DaemonNamespace();
        // Holding the first write opens a window in which an early READY=1 would be seen; it outlasts the time a
        // loaded machine takes to show the test the hook's line.
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config()), faultHook: "1:10000");

        agent.WaitForLine("fault hook: paused after write 1", Boot);
        Assert.DoesNotContain(ns.Notify.Drain(), message => NotifyListener.Has(message, "READY=1"));
        var ready = ns.Notify.WaitFor("READY=1", Boot);

        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        Assert.Contains(ready.Split('\n'), line => line.StartsWith("STATUS=", StringComparison.Ordinal) && line.Contains($"profile {DaemonNamespace.ProfileName}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_veth_pair_added_while_running_is_tuned()
    {
        using var ns = new DaemonNamespace();
        // No drift tick for an hour: only the rtnetlink link events can find the new pair.
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        ns.Notify.WaitFor("READY=1", Boot);
        var mark = agent.LineCount;

        ns.AddVethPair("vt2", "vt3");
        agent.WaitForLine("Reconciling (LinkChange)", Soon, mark);

        string[] added = ["vt2", "vt3"];
        Assert.True(Poll.Until(() => DaemonNamespace.Wanted(added).SequenceEqual(ns.Managed(added)), Soon),
            $"vt2/vt3 not tuned in {Soon.TotalSeconds} s: {string.Join(", ", ns.Managed(added))}\n{agent.Output}");
        agent.WaitForLine("New interface vt2", Soon, mark);
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
    }

    [Fact]
    public void Sighup_reloads_the_profile_and_applies_only_the_difference_and_a_bad_config_keeps_the_old_one()
    {
        using var ns = new DaemonNamespace();
        var config = ns.WriteConfig(ns.Config());
        var agent = ns.StartAgent(config);
        ns.Notify.WaitFor("READY=1", Boot);
        var mark = agent.LineCount;
        ns.RewriteProfile("""
            name: e2e
            sysctl:
              net.core.somaxconn: 8192
            interfaces:
              - match: { driver: [veth], name: "vt*" }
                features: { gro: on, tso: off }
                channels: { rx: 2, tx: 2 }
                txqueuelen: 6000
            """);

        agent.Signal("HUP");

        agent.WaitForLine("Reloaded", Soon, mark);
        Assert.Contains("Applied profile e2e: 2 setting(s) applied", agent.Output, StringComparison.Ordinal);
        // Dropped from the profile: reported, and left as it is rather than reverted.
        Assert.Contains("No longer managed: sysctl net.ipv4.tcp_slow_start_after_idle", agent.Output, StringComparison.Ordinal);
        Assert.Equal("0", ns.Namespace.CheckExec("sysctl", "-n", "net.ipv4.tcp_slow_start_after_idle").Trim());
        foreach (var nic in Pair)
        {
            Assert.Equal("6000", ns.Namespace.CheckExec("cat", $"/sys/class/net/{nic}/tx_queue_len").Trim());
        }

        mark = agent.LineCount;
        File.WriteAllText(config, ns.Config() + "\nno-such-key: 1\n");
        agent.Signal("HUP");

        agent.WaitForLine("Reload rejected", Soon, mark);
        agent.WaitForLine("unknown key 'no-such-key'", Soon, mark);
        agent.WaitForLine("Reconciling (Drift)", Soon, agent.LineCount);
        Assert.Equal("6000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());
    }

    [Fact]
    public void Drift_in_enforce_mode_is_logged_and_corrected()
    {
        using var ns = new DaemonNamespace();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config()));
        ns.Notify.WaitFor("READY=1", Boot);
        Assert.Equal("on", ns.Feature("vt0", "generic-receive-offload"));
        var mark = agent.LineCount;

        ns.Namespace.CheckExec("ethtool", "-K", "vt0", "gro", "off");

        agent.WaitForLine("Drift: vt0 feature.rx-gro holds off, the profile wants on (correcting)", Soon, mark);
        Assert.True(Poll.Until(() => ns.Feature("vt0", "generic-receive-offload") == "on", Soon), $"gro stayed off:\n{agent.Output}");
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
    }

    [Fact]
    public void Observe_mode_changes_nothing_at_boot_and_only_reports_drift()
    {
        using var ns = new DaemonNamespace();
        // gro as the profile wants it, so that the only gro drift is the one this test makes.
        ns.Namespace.CheckExec("ethtool", "-K", "vt0", "gro", "on");
        var before = ns.Snapshot();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(mode: "observe")));

        var ready = ns.Notify.WaitFor("READY=1", Boot);
        agent.WaitForLine("Reconciling (Drift)", Soon);

        Assert.Contains("STATUS=observing", ready, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
        Assert.DoesNotContain("vt0 feature.rx-gro", agent.Output, StringComparison.Ordinal);
        var untouched = ns.Managed(Pair);
        var mark = agent.LineCount;

        ns.Namespace.CheckExec("ethtool", "-K", "vt0", "gro", "off");

        var drift = agent.WaitForLine("Drift: vt0 feature.rx-gro holds off, the profile wants on (reported)", Soon, mark);
        var tick = agent.WaitForLine("Reconciling (Drift)", Soon, drift.Number + 1);
        agent.WaitForLine("Reconciling (Drift)", Soon, tick.Number + 1);
        // Reported once, not again at every tick while it stays drifted.
        Assert.Single(agent.Output.Split('\n'), line => line.Contains("Drift: vt0 feature.rx-gro", StringComparison.Ordinal));
        untouched["vt0 gro"] = "off";
        Assert.Equal(untouched, ns.Managed(Pair));
        Assert.DoesNotContain("Applied profile", agent.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(ns.JournalPath));
    }

    [Fact]
    public void Sigterm_in_the_middle_of_an_apply_exits_0_with_no_half_applied_state()
    {
        using var ns = new DaemonNamespace();
        var before = ns.Snapshot();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config()), faultHook: "2:3000");
        agent.WaitForLine("fault hook: paused after write 2", Boot);

        agent.Signal("TERM");

        Assert.Equal(0, agent.WaitForExit(Soon));
        var managed = ns.Managed(Pair);
        var applied = DaemonNamespace.Wanted(Pair).SequenceEqual(managed);
        var original = before == ns.Snapshot();
        Assert.True(applied || original, $"half-applied after SIGTERM: {string.Join(", ", managed)}\n{agent.Output}");
        Assert.Equal(applied, agent.Output.Contains($"Applied profile {DaemonNamespace.ProfileName}", StringComparison.Ordinal));
        Assert.False(File.Exists(ns.JournalPath), "a journal was left behind");
        ns.Notify.WaitFor("STOPPING=1", Soon);
    }

    [Fact]
    public void Sigterm_while_correcting_drift_lets_the_correction_finish_then_exits_0()
    {
        using var ns = new DaemonNamespace();
        // Applied beforehand by the CLI, so the daemon's boot writes nothing and its first write is the correction.
        var apply = ns.Nictune("apply", "--profile", DaemonNamespace.ProfileName, "--state-dir", ns.StateDir);
        Assert.True(apply.ExitCode == 0, apply.Stdout + apply.Stderr);
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config()), faultHook: "1:3000");
        ns.Notify.WaitFor("READY=1", Boot);
        ns.Namespace.CheckExec("ethtool", "-K", "vt0", "gro", "off");
        agent.WaitForLine("fault hook: paused after write 1 (vt0 feature.rx-gro)", Soon);

        agent.Signal("TERM");

        Assert.Equal(0, agent.WaitForExit(Soon));
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        Assert.False(File.Exists(ns.JournalPath), "a journal was left behind");
        ns.Notify.WaitFor("STOPPING=1", Soon);
    }

    [Fact]
    public void After_kill_9_mid_apply_the_next_start_recovers_the_journal_then_applies()
    {
        using var ns = new DaemonNamespace();
        var config = ns.WriteConfig(ns.Config());
        var before = KillMidApply(ns, config);

        var agent = ns.StartAgent(config);

        var recovered = agent.WaitForLine("Recovered an interrupted transaction", Boot);
        agent.WaitForLine($"Applied profile {DaemonNamespace.ProfileName}", Boot, recovered.Number + 1);
        ns.Notify.WaitFor("READY=1", Boot);
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        Assert.False(File.Exists(ns.JournalPath), "the journal outlived recovery and apply");
        Assert.NotEqual(before, ns.Snapshot());
    }

    [Fact]
    public void After_kill_9_mid_apply_rollback_to_baseline_recovers_then_restores_exactly()
    {
        using var ns = new DaemonNamespace();
        var before = KillMidApply(ns, ns.WriteConfig(ns.Config()));

        var result = ns.Nictune("rollback", "--to", "baseline", "--state-dir", ns.StateDir);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        Assert.Contains("recovered an interrupted transaction", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
        Assert.False(File.Exists(ns.JournalPath), "the journal outlived the rollback");
    }

    [Theory]
    [InlineData(DaemonNamespace.ProfileName, "colour: blue\n", ":3:1: unknown key 'colour'")]
    [InlineData(DaemonNamespace.ProfileName, "interfaces:\n  include: vt0\n", ":4:3: interfaces.include: expected a list, found a single value")]
    [InlineData(DaemonNamespace.ProfileName, "drift-interval: 0s\n", ":3:1: drift-interval: '0s' is out of range 1s..1d")]
    [InlineData("no-such-profile", "", ": profile: unknown profile \"no-such-profile\"")]
    public void A_bad_configuration_exits_2_naming_the_key_and_changes_nothing(string profile, string rest, string expected)
    {
        using var ns = new DaemonNamespace();
        // A real state dir first, so that the one bad line (or the unknown profile) is the only problem.
        var config = ns.WriteConfig($"state-dir: {ns.StateDir}\nprofile: {profile}\n{rest}");
        var before = ns.Snapshot();

        var result = ns.Nictune("run", "--config", config);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        Assert.Contains(config + expected, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
        Assert.False(Directory.Exists(ns.StateDir), "the state dir was created");
    }

    [Fact]
    public void On_stop_restore_baseline_puts_the_namespace_back_as_it_was()
    {
        using var ns = new DaemonNamespace();
        var before = ns.Snapshot();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(onStop: "restore-baseline")));
        ns.Notify.WaitFor("READY=1", Boot);
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));

        agent.Signal("TERM");

        Assert.Equal(0, agent.WaitForExit(Soon));
        Assert.Contains("Restoring the baseline on stop", agent.Output, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
        ns.Notify.WaitFor("STOPPING=1", Soon);
    }

    /// <summary>
    /// Starts the agent with the fault hook holding the third write, kills it with SIGKILL there, and checks what it
    /// leaves: a journal and a half-applied namespace. Returns the snapshot from before the start.
    /// </summary>
    private static string KillMidApply(DaemonNamespace ns, string config)
    {
        var before = ns.Snapshot();
        var agent = ns.StartAgent(config, faultHook: "3:30000");
        agent.WaitForLine("fault hook: paused after write 3", Boot);

        agent.Signal("KILL");

        Assert.Equal(128 + 9, agent.WaitForExit(Soon));
        Assert.True(File.Exists(ns.JournalPath), "no journal after kill -9 mid-apply");
        Assert.NotEqual(before, ns.Snapshot());
        Assert.NotEqual(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        return before;
    }
}

using System.Globalization;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// One writer per state directory, between real processes of the real binary: an agent and the tuning verbs, two
/// agents, two applies. And the verbs that only read (plan, rollback --dry-run) never recover or write, whether the
/// journal belongs to a live transaction or an interrupted one. Kernel state is read with ethtool, sysctl and sysfs.
/// </summary>
public sealed class StateLockTests
{
    private static readonly TimeSpan Boot = Poll.Boot;

    /// <summary>The bounded wait of a second writer (10 s) plus start-up on a loaded machine.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(40);

    private static readonly string[] Pair = ["vt0", "vt1"];

    /// <summary>Differs from the test profile only in txqueuelen, so a write by the wrong process shows.</summary>
    private const string Other = """
        name: other
        interfaces:
          - match: { driver: [veth], name: "vt*" }
            txqueuelen: 7000
        """;

    [Fact]
    public void A_second_agent_on_the_same_state_dir_exits_2_naming_the_first_agents_pid()
    {
        using var ns = new DaemonNamespace();
        var config = ns.WriteConfig(ns.Config(driftInterval: "1h"));
        var first = ns.StartAgent(config);
        ns.Notify.WaitFor("READY=1", Boot);

        // The same configuration: its API socket, bound before the boot tune, is the first agent's, so it stops at once.
        var same = ns.StartAgent(config);
        Assert.Equal(2, same.WaitForExit(LockWait));
        Assert.Contains("another process answers on this socket (is an agent already running?)", same.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Starting: profile", same.Output, StringComparison.Ordinal);

        // Its own socket, the same state directory: the state directory's lock stops it.
        var own = Path.Join(ns.TestDirectory, "second.yaml");
        File.WriteAllText(own, File.ReadAllText(config).Replace(ns.ApiSocket, Path.Join(ns.TestDirectory, "second.sock"), StringComparison.Ordinal));
        var second = ns.StartAgent(own);

        Assert.Equal(2, second.WaitForExit(LockWait));
        Assert.Contains($"in use by nictune run (pid {first.Pid.ToString(CultureInfo.InvariantCulture)})", second.Output, StringComparison.Ordinal);
        Assert.Contains("stop the agent", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Applied profile", second.Output, StringComparison.Ordinal);
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        Assert.True(File.Exists(ns.ApiSocket), "the first agent's socket file was removed");
    }

    [Fact]
    public void Apply_and_rollback_while_the_agent_runs_exit_2_naming_it_and_change_nothing()
    {
        using var ns = new DaemonNamespace();
        ns.WriteProfile("other", Other);
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        ns.Notify.WaitFor("READY=1", Boot);
        var tuned = ns.Snapshot();

        var apply = ns.Nictune("apply", "--profile", "other", "--state-dir", ns.StateDir);
        var rollback = ns.Nictune("rollback", "--to", "baseline", "--state-dir", ns.StateDir);

        foreach (var verb in new[] { apply, rollback })
        {
            Assert.True(verb.ExitCode == 2, $"exit {verb.ExitCode}\n{verb.Stdout}{verb.Stderr}");
            Assert.Contains($"in use by nictune run (pid {agent.Pid.ToString(CultureInfo.InvariantCulture)})", verb.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(tuned, ns.Snapshot());
    }

    [Fact]
    public void Plan_and_dry_run_during_the_agents_transaction_report_it_and_recover_nothing()
    {
        using var ns = new DaemonNamespace();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")), faultHook: "3:20000");
        agent.WaitForLine("fault hook: paused after write 3", Boot);
        var midway = ns.Snapshot();

        ToolResult plan, dryRun;
        using (agent.Freeze())
        {
            plan = ns.Nictune("plan", "--profile", DaemonNamespace.ProfileName, "--state-dir", ns.StateDir);
            dryRun = ns.Nictune("rollback", "--to", "baseline", "--dry-run", "--state-dir", ns.StateDir);
        }

        foreach (var verb in new[] { plan, dryRun })
        {
            Assert.True(verb.ExitCode == 4, $"exit {verb.ExitCode}\n{verb.Stdout}{verb.Stderr}");
            Assert.Contains($"a transaction by nictune run (pid {agent.Pid.ToString(CultureInfo.InvariantCulture)}) is in progress", verb.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("recovered", verb.Stderr, StringComparison.Ordinal);
        }

        // Nothing undone behind the agent's back: its journal and its writes so far are as they were.
        Assert.True(File.Exists(ns.JournalPath), "the agent's live journal was removed");
        Assert.Equal(midway, ns.Snapshot());

        // The agent sleeps out the rest of its 20 s pause before it finishes the boot tune: wait for both.
        ns.Notify.WaitFor("READY=1", TimeSpan.FromSeconds(20) + Boot);
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        Assert.DoesNotContain("Recovered", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void After_kill_9_plan_and_dry_run_report_the_journal_write_nothing_and_recover_restores()
    {
        using var ns = new DaemonNamespace();
        var before = ns.Snapshot();
        var killed = ns.StartAgent(ns.WriteConfig(ns.Config()), faultHook: "3:30000");
        killed.WaitForLine("fault hook: paused after write 3", Boot);
        killed.Signal("KILL");
        Assert.Equal(128 + 9, killed.WaitForExit(Boot));
        var halfway = ns.Snapshot();
        Assert.NotEqual(before, halfway);

        var plan = ns.Nictune("plan", "--profile", DaemonNamespace.ProfileName, "--state-dir", ns.StateDir, "--json");
        var dryRun = ns.Nictune("rollback", "--to", "previous", "--dry-run", "--state-dir", ns.StateDir);

        foreach (var verb in new[] { plan, dryRun })
        {
            Assert.True(verb.ExitCode == 4, $"exit {verb.ExitCode}\n{verb.Stdout}{verb.Stderr}");
            Assert.Contains("an interrupted transaction is pending", verb.Stderr, StringComparison.Ordinal);
            Assert.Contains("nictune recover", verb.Stderr, StringComparison.Ordinal);
        }

        Assert.StartsWith("{", plan.Stdout.TrimStart(), StringComparison.Ordinal);
        Assert.True(File.Exists(ns.JournalPath), "a verb that only reads removed the journal");
        Assert.Equal(halfway, ns.Snapshot());

        var recover = ns.Nictune("recover", "--state-dir", ns.StateDir);

        Assert.True(recover.ExitCode == 0, $"exit {recover.ExitCode}\n{recover.Stdout}{recover.Stderr}");
        Assert.Equal(before, ns.Snapshot());
        Assert.False(File.Exists(ns.JournalPath), "the journal outlived recover");
    }

    [Fact]
    public void A_second_apply_waits_for_the_first_and_the_baseline_keeps_every_original()
    {
        using var ns = new DaemonNamespace();
        ns.WriteProfile("other", Other);
        var before = ns.Snapshot();
        var first = ns.Start(["apply", "--profile", DaemonNamespace.ProfileName, "--state-dir", ns.StateDir], faultHook: "1:3000");
        first.WaitForLine("fault hook: paused after write 1", Boot);

        var second = ns.Nictune("apply", "--profile", "other", "--state-dir", ns.StateDir);

        Assert.Equal(0, first.WaitForExit(Boot));
        Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}\n{second.Stdout}{second.Stderr}");
        var wanted = DaemonNamespace.Wanted(Pair);
        wanted["vt0 txqueuelen"] = wanted["vt1 txqueuelen"] = "7000";
        Assert.Equal(wanted, ns.Managed(Pair));

        var rollback = ns.Nictune("rollback", "--to", "baseline", "--state-dir", ns.StateDir);

        Assert.True(rollback.ExitCode == 0, $"exit {rollback.ExitCode}\n{rollback.Stdout}{rollback.Stderr}");
        Assert.Equal(before, ns.Snapshot());
    }

    [Fact]
    public void An_apply_held_past_the_wait_makes_the_second_exit_2_naming_its_pid_and_changing_nothing()
    {
        using var ns = new DaemonNamespace();
        ns.WriteProfile("other", Other);
        var first = ns.Start(["apply", "--profile", DaemonNamespace.ProfileName, "--state-dir", ns.StateDir], faultHook: "1:30000");
        first.WaitForLine("fault hook: paused after write 1", Boot);
        var midway = ns.Snapshot();

        ToolResult second;
        using (first.Freeze())
        {
            second = ns.Nictune("apply", "--profile", "other", "--state-dir", ns.StateDir);
        }

        Assert.True(second.ExitCode == 2, $"exit {second.ExitCode}\n{second.Stdout}{second.Stderr}");
        Assert.Contains($"in use by nictune apply (pid {first.Pid.ToString(CultureInfo.InvariantCulture)})", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(midway, ns.Snapshot());
        Assert.True(File.Exists(ns.JournalPath), "the second apply touched the first one's journal");
    }

    [Fact]
    public void Observe_mode_neither_recovers_a_journal_nor_restores_the_baseline_on_stop()
    {
        using var ns = new DaemonNamespace();
        var killed = ns.StartAgent(ns.WriteConfig(ns.Config()), faultHook: "3:30000");
        killed.WaitForLine("fault hook: paused after write 3", Boot);
        killed.Signal("KILL");
        Assert.Equal(128 + 9, killed.WaitForExit(Boot));
        var halfway = ns.Snapshot();
        var files = Directory.GetFileSystemEntries(ns.StateDir).Order(StringComparer.Ordinal).ToList();

        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(mode: "observe", onStop: "restore-baseline")));
        ns.Notify.WaitFor("READY=1", Boot);
        agent.Signal("TERM");

        Assert.Equal(0, agent.WaitForExit(Boot));
        Assert.Contains("it is not recovered (observe mode writes nothing)", agent.Output, StringComparison.Ordinal);
        Assert.Contains("on-stop restore-baseline is not done", agent.Output, StringComparison.Ordinal);
        Assert.Equal(halfway, ns.Snapshot());
        Assert.True(File.Exists(ns.JournalPath), "observe mode recovered the journal");
        Assert.Equal(files, Directory.GetFileSystemEntries(ns.StateDir).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    [InlineData("HUP")]
    public void A_signal_mid_apply_rolls_back_in_process_and_exits_1(string signal)
    {
        using var ns = new DaemonNamespace();
        var before = ns.Snapshot();
        var apply = ns.Start(["apply", "--profile", DaemonNamespace.ProfileName, "--state-dir", ns.StateDir], faultHook: "2:8000");
        apply.WaitForLine("fault hook: paused after write 2", Boot);

        apply.Signal(signal);

        Assert.Equal(1, apply.WaitForExit(Boot));
        Assert.Contains($"SIG{signal}: stopping; what was changed is rolled back", apply.Output, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
        Assert.False(File.Exists(ns.JournalPath), "the interrupted apply left its journal");
    }
}

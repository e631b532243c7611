using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nictune.IntegrationTests.Daemon;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// Issue 25's confirm-or-revert with the real agent in its own namespace: a change applied with
/// <c>--confirm-within</c> is rolled back at its deadline unless a new connection confirms it, a kill -9 in the window
/// still ends in the revert, and while it is pending every other mutation is refused. The kernel is read with ethtool,
/// cat and sysctl.
/// </summary>
public sealed class ConfirmTests
{
    private static readonly TimeSpan Boot = Poll.Boot;
    private static readonly string[] Pair = ["vt0", "vt1"];

    /// <summary>Differs from the namespace's e2e profile in gro, txqueuelen and somaxconn.</summary>
    private const string Trial = """
        name: trial
        sysctl:
          net.core.somaxconn: 4096
          net.ipv4.tcp_slow_start_after_idle: 0
        interfaces:
          - match: { driver: [veth], name: "vt*" }
            features: { gro: off, tso: off }
            channels: { rx: 2, tx: 2 }
            txqueuelen: 7000
        """;

    [Fact]
    public void An_unconfirmed_change_is_rolled_back_at_its_deadline_and_other_mutations_wait_for_it()
    {
        using var ns = Booted(out var agent, out var target);
        var before = ns.Managed(Pair);

        // 20 s rather than the minimum: the checks inside the window take several seconds on a loaded machine.
        var apply = ns.Nictune("apply", "--profile", "trial", "--confirm-within", "20s", "--target", target);
        Assert.True(apply.ExitCode == 0, apply.Stdout + apply.Stderr);

        // One at a time: another mutation is refused naming the pending transaction; reads go on.
        var other = ns.Nictune("rollback", "--target", target);
        var (id, deadline) = Pending(ns, target);
        Assert.True(DateTimeOffset.UtcNow < deadline, "the window passed before the checks inside it");
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains($"transaction {id} is pending confirmation", other.Stderr, StringComparison.Ordinal);
        Assert.Contains($"transaction {id} is pending confirmation until {deadline.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}", apply.Stderr, StringComparison.Ordinal);
        var applied = ns.Managed(Pair);
        Assert.Equal("off", applied["vt0 gro"]);
        Assert.Equal("7000", applied["vt1 txqueuelen"]);
        Assert.Equal("4096", applied["net.core.somaxconn"]);

        // The revert: the values are back, as ethtool, cat and sysctl read them.
        Assert.True(Poll.Until(() => ns.Managed(Pair).SequenceEqual(before), Poll.Soon), $"not reverted: {ns.Snapshot()}\n{agent.Output}");
        var back = DateTimeOffset.UtcNow;
        Assert.True(back >= deadline, "reverted before the deadline");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"confirm-or-revert: values back {(back - deadline).TotalSeconds:0.0} s after the deadline (first poll of ethtool/cat/sysctl that read them)"));
        agent.WaitForLine($"Transaction {id} was not confirmed by its deadline", Poll.Soon);
        var status = Status(ns, target);
        Assert.False(status.TryGetProperty("pending", out var left) && left.ValueKind == JsonValueKind.Object, status.ToString());
        Assert.Equal("OUTCOME_UNCONFIRMED_REVERTED", status.GetProperty("lastTransaction").GetProperty("outcome").GetString());

        // Final now: confirming it is refused, and mutations work again.
        var late = ns.Nictune("confirm", id, "--target", target);
        Assert.NotEqual(0, late.ExitCode);
        Assert.Contains($"transaction {id} is final", late.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, ns.Nictune("apply", "--profile", "e2e", "--target", target).ExitCode);
    }

    [Fact]
    public void A_confirmation_from_a_new_connection_keeps_the_change_and_one_on_the_same_connection_is_refused()
    {
        PythonGrpc.Require();
        using var ns = Booted(out var agent, out var target);

        // One channel: the change, then its confirmation over the same connection.
        var results = PythonGrpc.Batch(
            [
                new { path = "/nictune.v1.Agent/ApplyProfile", kind = "agent", method = "ApplyProfile", request = new { name = "trial", confirmWithin = "15s" } },
                new { path = "/nictune.v1.Agent/ConfirmTransaction", kind = "agent", method = "ConfirmTransaction", request = new { } },
            ],
            ["--target", "unix://" + ns.ApiSocket, "--authority", "localhost"]);
        Assert.Equal("OK", results[0].GetProperty("code").GetString());
        var id = results[0].GetProperty("response").GetProperty("id").GetString()!;
        Assert.True(results[0].GetProperty("response").GetProperty("pending_confirmation").GetBoolean());
        Assert.Equal("FAILED_PRECONDITION", results[1].GetProperty("code").GetString());
        Assert.Contains("new connection", results[1].GetProperty("details").GetString(), StringComparison.Ordinal);
        var (pending, deadline) = Pending(ns, target);
        Assert.Equal(id, pending);

        // Another process, another connection: confirmed.
        var confirm = ns.Nictune("confirm", "--target", target);
        Assert.True(confirm.ExitCode == 0, confirm.Stdout + confirm.Stderr);
        Assert.Contains($"confirmed: transaction {id}", confirm.Stdout, StringComparison.Ordinal);
        agent.WaitForLine($"Transaction {id} confirmed by", Poll.Soon);

        // Past the deadline the change holds.
        Assert.True(Poll.Until(() => DateTimeOffset.UtcNow > deadline + TimeSpan.FromSeconds(3), Poll.Soon));
        var held = ns.Managed(Pair);
        Assert.Equal("off", held["vt0 gro"]);
        Assert.Equal("7000", held["vt0 txqueuelen"]);
        Assert.Equal("4096", held["net.core.somaxconn"]);
        Assert.DoesNotContain("was not confirmed", agent.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(ns.StateDir, "pending.json")));
    }

    [Fact]
    public void Kill_9_in_the_window_and_a_restart_after_the_deadline_reverts()
    {
        using var ns = Booted(out var agent, out var target);
        var before = ns.Managed(Pair);
        Assert.Equal(0, ns.Nictune("apply", "--profile", "trial", "--confirm-within", "10s", "--target", target).ExitCode);
        var (_, deadline) = Pending(ns, target);
        agent.Signal("KILL");
        Assert.Equal(128 + 9, agent.WaitForExit(Boot));
        Assert.True(File.Exists(Path.Join(ns.StateDir, "pending.json")));

        Assert.True(Poll.Until(() => DateTimeOffset.UtcNow > deadline, Poll.Soon));
        Assert.Equal("7000", ns.Managed(Pair)["vt0 txqueuelen"]);
        var restarted = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        restarted.WaitForLine("Boot tune done", Boot);

        Assert.True(Poll.Until(() => ns.Managed(Pair).SequenceEqual(before), Poll.Soon), $"not reverted: {ns.Snapshot()}\n{restarted.Output}");
        restarted.WaitForLine("was not confirmed by its deadline", Poll.Soon);
        Assert.False(File.Exists(Path.Join(ns.StateDir, "pending.json")));
    }

    [Fact]
    public void Kill_9_in_the_window_and_a_restart_before_the_deadline_waits_out_the_rest_then_reverts()
    {
        using var ns = Booted(out var agent, out var target);
        var before = ns.Managed(Pair);
        Assert.Equal(0, ns.Nictune("apply", "--profile", "trial", "--confirm-within", "20s", "--target", target).ExitCode);
        var (id, deadline) = Pending(ns, target);
        var applied = ns.Managed(Pair);
        agent.Signal("KILL");
        Assert.Equal(128 + 9, agent.WaitForExit(Boot));

        var restarted = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        restarted.WaitForLine($"Transaction {id} was pending when the agent started", Boot);
        restarted.WaitForLine("Boot tune done", Boot);
        if (DateTimeOffset.UtcNow < deadline)
        {
            // Still pending, same deadline; the boot tune did not touch the change.
            var (still, same) = Pending(ns, target);
            Assert.Equal(id, still);
            Assert.Equal(deadline, same);
            Assert.Equal(applied, ns.Managed(Pair));
        }

        Assert.True(Poll.Until(() => ns.Managed(Pair).SequenceEqual(before), Poll.Soon), $"not reverted: {ns.Snapshot()}\n{restarted.Output}");
        Assert.True(DateTimeOffset.UtcNow >= deadline, "reverted before the deadline");
        restarted.WaitForLine($"Transaction {id} was not confirmed by its deadline", Poll.Soon);
    }

    /// <summary>A pushed profile that differs from the e2e one (txqueuelen, somaxconn) and from <see cref="Trial"/>.</summary>
    private const string First = """
        name: first
        sysctl:
          net.core.somaxconn: 2048
          net.ipv4.tcp_slow_start_after_idle: 0
        interfaces:
          - match: { driver: [veth], name: "vt*" }
            features: { gro: on, tso: off }
            channels: { rx: 2, tx: 2 }
            txqueuelen: 6000
        """;

    [Fact]
    public void An_unconfirmed_push_is_reverted_with_the_pushed_store_so_a_reload_keeps_the_previous_pushed_profile()
    {
        using var ns = Booted(out var agent, out var target);
        var first = PushFile(ns, "first", First);
        var pushed = ns.Nictune("push", first, "--apply", "--target", target);
        Assert.True(pushed.ExitCode == 0, pushed.Stdout + pushed.Stderr);
        var before = ns.Managed(Pair);
        Assert.Equal("6000", before["vt0 txqueuelen"]);
        Assert.Equal("2048", before["net.core.somaxconn"]);

        var trial = ns.Nictune("push", PushFile(ns, "trial", Trial), "--apply", "--confirm-within", "20s", "--target", target);
        Assert.True(trial.ExitCode == 0, trial.Stdout + trial.Stderr);
        var (id, _) = Pending(ns, target);
        Assert.Equal("7000", ns.Managed(Pair)["vt0 txqueuelen"]);
        Assert.Equal("2 trial\n", File.ReadAllText(Path.Join(ns.StateDir, "pushed", "generation")));

        // The revert puts back the values and the pushed store: the previous document, at a new generation (a
        // generation is never given out twice: 2 named the reverted push).
        Assert.True(Poll.Until(() => ns.Managed(Pair).SequenceEqual(before), Poll.Soon), $"not reverted: {ns.Snapshot()}\n{agent.Output}");
        agent.WaitForLine($"Transaction {id} was not confirmed by its deadline", Poll.Soon);
        Assert.Equal("3 first\n", File.ReadAllText(Path.Join(ns.StateDir, "pushed", "generation")));
        Assert.Equal(First, File.ReadAllText(Path.Join(ns.StateDir, "pushed", "first.yaml")));
        Assert.False(File.Exists(Path.Join(ns.StateDir, "pushed", "trial.yaml")));
        var profile = Status(ns, target).GetProperty("activeProfile");
        Assert.Equal("first", profile.GetProperty("name").GetString());
        Assert.Equal("3", profile.GetProperty("generation").GetString());

        // A reload applies what the store holds: the previous push, not the reverted one.
        var reload = ns.Nictune("reload", "--target", target);
        Assert.True(reload.ExitCode == 0, reload.Stdout + reload.Stderr);
        Assert.Equal(before, ns.Managed(Pair));
        Assert.Equal("first", Status(ns, target).GetProperty("activeProfile").GetProperty("name").GetString());
    }

    [Fact]
    public void Kill_9_in_the_window_of_a_first_push_and_a_restart_after_the_deadline_leaves_no_pushed_profile()
    {
        using var ns = Booted(out var agent, out var target);
        var before = ns.Managed(Pair);
        var trial = ns.Nictune("push", PushFile(ns, "trial", Trial), "--apply", "--confirm-within", "10s", "--target", target);
        Assert.True(trial.ExitCode == 0, trial.Stdout + trial.Stderr);
        var (_, deadline) = Pending(ns, target);
        agent.Signal("KILL");
        Assert.Equal(128 + 9, agent.WaitForExit(Boot));
        Assert.True(File.Exists(Path.Join(ns.StateDir, "pushed", "trial.yaml")));

        Assert.True(Poll.Until(() => DateTimeOffset.UtcNow > deadline, Poll.Soon));
        var restarted = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        restarted.WaitForLine("Boot tune done", Boot);
        Assert.True(Poll.Until(() => ns.Managed(Pair).SequenceEqual(before), Poll.Soon), $"not reverted: {ns.Snapshot()}\n{restarted.Output}");
        restarted.WaitForLine("was not confirmed by its deadline", Poll.Soon);

        // No pushed profile, as before the push, at a generation after the reverted push's: the configured one is
        // enforced, by a reload too.
        Assert.Equal("2\n", File.ReadAllText(Path.Join(ns.StateDir, "pushed", "generation")));
        Assert.False(File.Exists(Path.Join(ns.StateDir, "pushed", "trial.yaml")));
        Assert.Equal(DaemonNamespace.ProfileName, Status(ns, target).GetProperty("activeProfile").GetProperty("name").GetString());
        var reload = ns.Nictune("reload", "--target", target);
        Assert.True(reload.ExitCode == 0, reload.Stdout + reload.Stderr);
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
    }

    [Fact]
    public void Bad_input_gets_a_clear_error_and_changes_nothing()
    {
        PythonGrpc.Require();
        using var ns = Booted(out _, out var target);
        var before = ns.Managed(Pair);
        var boot = Status(ns, target).GetProperty("lastTransaction").GetProperty("id").GetString()!;

        foreach (var window in new[] { "9s", "3601s", "-10s" })
        {
            var call = PythonGrpc.Call(ns.ApiSocket, "ApplyProfile", JsonSerializer.Serialize(new { name = "trial", confirmWithin = window }));
            Assert.Equal("INVALID_ARGUMENT", call.Code);
            Assert.Contains("confirm_within: must be between 10s and 3600s", call.Details, StringComparison.Ordinal);
        }

        var rollback = PythonGrpc.Call(ns.ApiSocket, "Rollback", """{"confirmWithin":"0s"}""");
        Assert.Equal("INVALID_ARGUMENT", rollback.Code);
        var cli = ns.Nictune("apply", "--profile", "trial", "--confirm-within", "2h", "--target", target);
        Assert.Equal(2, cli.ExitCode);
        Assert.Contains("--confirm-within", cli.Stderr, StringComparison.Ordinal);

        Assert.Equal("NOT_FOUND", PythonGrpc.Call(ns.ApiSocket, "ConfirmTransaction", """{"id":"20990101T000000Z-00000000"}""").Code);
        var final = PythonGrpc.Call(ns.ApiSocket, "ConfirmTransaction", JsonSerializer.Serialize(new { id = boot }));
        Assert.Equal("FAILED_PRECONDITION", final.Code);
        Assert.Contains($"transaction {boot} is final", final.Details, StringComparison.Ordinal);
        Assert.Equal("FAILED_PRECONDITION", PythonGrpc.Call(ns.ApiSocket, "ConfirmTransaction").Code);
        Assert.Equal("INVALID_ARGUMENT", PythonGrpc.Call(ns.ApiSocket, "ConfirmTransaction", """{"id":"../../x"}""").Code);

        Assert.Equal(before, ns.Managed(Pair));
        Assert.False(File.Exists(Path.Join(ns.StateDir, "pending.json")));
        Assert.Equal(boot, Status(ns, target).GetProperty("lastTransaction").GetProperty("id").GetString());
    }

    /// <summary>A namespace whose agent has booted with the e2e profile (no drift ticks in the way) and holds the trial profile too.</summary>
    private static DaemonNamespace Booted(out AgentProcess agent, out string target)
    {
        var ns = new DaemonNamespace();
        try
        {
            ns.WriteProfile("trial", Trial);
            agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
            agent.WaitForLine("Boot tune done", Boot);
            target = "unix://" + ns.ApiSocket;
            Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    private static string PushFile(DaemonNamespace ns, string name, string yaml)
    {
        var path = Path.Join(ns.TestDirectory, "to-push", name + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static (string Id, DateTimeOffset Deadline) Pending(DaemonNamespace ns, string target)
    {
        var pending = Status(ns, target).GetProperty("pending");
        return (pending.GetProperty("transactionId").GetString()!, DateTimeOffset.Parse(pending.GetProperty("deadline").GetString()!, CultureInfo.InvariantCulture));
    }

    private static JsonElement Status(DaemonNamespace ns, string target)
    {
        var status = ns.Nictune("status", "--json", "--target", target);
        Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
        return JsonDocument.Parse(status.Stdout).RootElement.Clone();
    }
}

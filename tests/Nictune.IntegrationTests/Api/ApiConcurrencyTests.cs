using System.Text.Json;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;
using static Nictune.IntegrationTests.Api.ApiAgentTests;

namespace Nictune.IntegrationTests.Api;

/// <summary>One writer: the CLI goes through a running agent instead of behind its back; a deadline or a client that
/// leaves cancels nothing half-way.</summary>
public sealed class ApiConcurrencyTests
{
    private static readonly TimeSpan Boot = Poll.Boot;
    private static readonly string[] Pair = ["vt0", "vt1"];

    /// <summary>The deadline of the call that must expire mid-apply: long enough for the call to reach its turn on a loaded machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public void Apply_with_an_agent_running_goes_through_it_and_is_not_reverted_and_apply_local_waits_for_the_lock_then_fails()
    {
        PythonGrpc.Require();
        using var ns = new DaemonNamespace();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1s")));
        ns.Notify.WaitFor("READY=1", Boot);
        var file = Path.Join(ns.TestDirectory, "cli", "pushed-e2e.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, ApiProfiles.Pushed);

        var apply = ns.Nictune("apply", "--profile", file, "--state-dir", ns.StateDir, "--target", "unix://" + ns.ApiSocket);

        Assert.True(apply.ExitCode == 0, apply.Stdout + apply.Stderr);
        Assert.DoesNotContain("working directly", apply.Stderr, StringComparison.Ordinal);
        Assert.All(Pair, nic => Assert.Equal("7000", ns.Namespace.CheckExec("cat", $"/sys/class/net/{nic}/tx_queue_len").Trim()));

        // Several 1 s drift ticks later the agent still enforces what was applied through it.
        var mark = agent.LineCount;
        agent.WaitForLine("Reconciling", Poll.Soon, mark);
        agent.WaitForLine("Reconciling", Poll.Soon, agent.LineCount);
        Assert.All(Pair, nic => Assert.Equal("7000", ns.Namespace.CheckExec("cat", $"/sys/class/net/{nic}/tx_queue_len").Trim()));
        Assert.Equal("4096", ns.Namespace.CheckExec("sysctl", "-n", "net.core.somaxconn").Trim());

        // --local works directly: it waits for the agent's state-directory lock, then fails clearly, changing nothing.
        var before = ns.Snapshot();
        var local = ns.Nictune("apply", "--local", "--profile", DaemonNamespace.ProfileName, "--state-dir", ns.StateDir);
        Assert.Equal(2, local.ExitCode);
        Assert.Contains("nictune run", local.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
    }

    [Fact]
    public void A_deadline_that_expires_mid_apply_cancels_nothing_and_the_transaction_completes()
    {
        PythonGrpc.Require();
        using var ns = new DaemonNamespace();
        var tuned = ns.Nictune("apply", "--local", "--profile", DaemonNamespace.ProfileName, "--state-dir", ns.StateDir);
        Assert.True(tuned.ExitCode == 0, tuned.Stdout + tuned.Stderr);

        // The boot tune writes nothing (the namespace is tuned already), so the first write is the pushed profile's.
        // The deadline must expire after the call's turn has begun (a call that waits longer than its deadline is
        // taken off the queue, and nothing runs: the other half of the contract) and before the transaction ends.
        // The turn comes within the deadline's generous bound even on a loaded machine; the pause after the first
        // write outlasts the whole deadline, so the transaction is still running when it expires, however fast the turn came.
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")), faultHook: $"1:{(int)(Deadline + TimeSpan.FromSeconds(5)).TotalMilliseconds}");
        ns.Notify.WaitFor("READY=1", Boot);

        var call = PythonGrpc.Call(ns.ApiSocket, "PutProfile", $$"""{"document": {{JsonSerializer.Serialize(ApiProfiles.Pushed)}}, "apply": true}""", timeout: Deadline.TotalSeconds);

        Assert.Equal("DEADLINE_EXCEEDED", call.Code);
        agent.WaitForLine("fault hook: paused after write 1", Boot);
        Assert.True(
            Poll.Until(() => Ok(PythonGrpc.Call(ns.ApiSocket, "GetStatus")).TryGetProperty("last_transaction", out var t) && t.GetProperty("outcome").GetString() == "OUTCOME_SUCCEEDED" && t.GetProperty("verb").GetString() == "apply", Poll.Boot),
            agent.Output);
        Assert.All(Pair, nic => Assert.Equal("7000", ns.Namespace.CheckExec("cat", $"/sys/class/net/{nic}/tx_queue_len").Trim()));
        Assert.Equal("4096", ns.Namespace.CheckExec("sysctl", "-n", "net.core.somaxconn").Trim());
    }

    [Fact]
    public void A_client_that_disconnects_mid_stream_leaves_the_agent_serving()
    {
        PythonGrpc.Require();
        using var ns = new DaemonNamespace();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        ns.Notify.WaitFor("READY=1", Boot);

        var gone = PythonGrpc.Run(["--target", "unix://" + ns.ApiSocket, "--authority", "localhost", "disconnect", "WatchEvents", """{"since": "0"}"""]);
        Assert.Equal("OK", gone.Code);
        Assert.Single(gone.Response.GetProperty("messages").EnumerateArray());

        Assert.Equal(DaemonNamespace.ProfileName, Ok(PythonGrpc.Call(ns.ApiSocket, "GetStatus")).GetProperty("active_profile").GetProperty("name").GetString());
        var applied = PythonGrpc.Call(ns.ApiSocket, "ApplyProfile", """{"name": "e2e"}""");
        Assert.Equal("OK", applied.Code);
        Assert.DoesNotContain("Unhandled exception", agent.Output, StringComparison.Ordinal);
    }
}

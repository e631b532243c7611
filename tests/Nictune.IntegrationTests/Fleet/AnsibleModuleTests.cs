using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nictune.IntegrationTests.Api;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>
/// Each module of the nictune.agent collection against one real agent, through ansible-playbook with the local
/// connection: facts, unpush, rollback with check and diff mode, and the refusals a task must report with the agent's
/// message (an invalid profile with its line and field, an unreachable agent), never with a traceback.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AnsibleModuleTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(30);
    private static readonly string[] Pair = ["vt0", "vt1"];

    /// <summary>The options every task passes: the agent's socket and the CLI, from the inventory.</summary>
    private const string Common = "target: \"{{ nictune_target }}\"\n    nictune_path: \"{{ nictune_bin }}\"";

    [Fact]
    public void Facts_refusals_unpush_and_rollback_through_the_modules()
    {
        using var ns = StartAgent(out var dir);
        File.WriteAllText(Path.Join(dir, "invalid.yaml"), "name: broken\ninterfaces:\n  - match: { name: \"vt*\" }\n    txqueuelen: lots\n");

        // Facts: the status with its conditions, the profiles, what detect finds.
        var facts = Play(dir, $"""
            - nictune.agent.nictune_facts:
                {Common}
            """);
        var nictune = Ok(facts).GetProperty("ansible_facts").GetProperty("nictune");
        Assert.Equal(DaemonNamespace.ProfileName, nictune.GetProperty("status").GetProperty("activeProfile").GetProperty("name").GetString());
        Assert.Contains(nictune.GetProperty("status").GetProperty("conditions").EnumerateArray(), c => c.GetProperty("type").GetString() == "Applied" && c.GetProperty("status").GetBoolean());
        Assert.Contains(nictune.GetProperty("profiles").EnumerateArray(), p => p.GetProperty("name").GetString() == DaemonNamespace.ProfileName);
        Assert.True(nictune.GetProperty("detect").GetProperty("interfaces").GetArrayLength() > 0);

        // An invalid profile: the task fails with the agent's file:line: field message, and nothing changes.
        var before = ns.Snapshot();
        var invalid = Play(dir, $"""
            - nictune.agent.nictune_profile:
                src: {Path.Join(dir, "invalid.yaml")}
                {Common}
            """);
        Assert.Equal("FAILED!", invalid.State);
        // Located in the operator's file (issue 25), not in the agent's name for a pushed document.
        Assert.Contains(Path.Join(dir, "invalid.yaml") + ":4:", invalid.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<pushed>", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("interfaces[0].txqueuelen", invalid.Message, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());

        // A negative revert_timeout: refused before anything reaches the agent, saying which option and why.
        var negative = Play(dir, $"""
            - nictune.agent.nictune_profile:
                src: {Path.Join(dir, "pushed.yaml")}
                confirm_within: 10s
                revert_timeout: -1
                {Common}
            """);
        Assert.Equal("FAILED!", negative.State);
        Assert.Contains("revert_timeout: must be 0 or more seconds, got -1", negative.Message, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());

        // An agent that is not there: the task fails saying so.
        var unreachable = Play(dir, """
            - nictune.agent.nictune_facts:
                target: unix:///nonexistent/nictune.sock
                nictune_path: "{{ nictune_bin }}"
            """);
        Assert.Equal("FAILED!", unreachable.State);
        Assert.Contains("cannot reach the agent at unix:///nonexistent/nictune.sock", unreachable.Message, StringComparison.Ordinal);

        // Push, then unpush: the configured profile applies again; a second unpush changes nothing.
        Assert.Equal("CHANGED", Play(dir, $"""
            - nictune.agent.nictune_profile:
                src: {Path.Join(dir, "pushed.yaml")}
                {Common}
            """).State);
        Assert.Equal("7000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());
        var absent = $"""
            - nictune.agent.nictune_profile:
                state: absent
                {Common}
            """;
        Assert.Equal("CHANGED", Play(dir, absent).State);
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        Assert.Equal("SUCCESS", Play(dir, absent).State);

        // Rollback to the baseline: check mode (with diff) changes nothing and says what it would write; then for real.
        var rollback = $"""
            - nictune.agent.nictune_rollback:
                to: baseline
                {Common}
            """;
        var preview = Play(dir, rollback, "--check", "--diff");
        Assert.Equal("CHANGED", preview.State);
        Assert.Contains(preview.Result.GetProperty("plan").EnumerateArray(), r => r.GetProperty("key").GetProperty("name").GetString() == "txqueuelen");
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        var done = Play(dir, rollback);
        Assert.Equal("CHANGED", done.State);
        Assert.Equal("1000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());
        Assert.Equal("SUCCESS", Play(dir, rollback).State);
    }

    [Fact]
    public void Confirm_within_keeps_a_change_confirmed_by_a_second_call_and_reports_the_revert_read_back_or_unverified_when_the_confirmation_cannot_get_through()
    {
        using var ns = StartAgent(out var dir);
        var configured = ns.Managed(Pair);
        var push = $"""
            - nictune.agent.nictune_profile:
                src: {Path.Join(dir, "pushed.yaml")}
                confirm_within: 10s
                {Common}
            """;

        // Kept: the second call confirms it, and past the deadline the kernel still holds the pushed values.
        var kept = Play(dir, push);
        Assert.Equal("CHANGED", kept.State);
        Assert.True(kept.Result.GetProperty("confirmed").GetBoolean(), kept.Result.ToString());
        var deadlineText = kept.Result.GetProperty("transaction").GetProperty("confirmDeadline").GetString()!;
        var deadline = DateTimeOffset.Parse(deadlineText, CultureInfo.InvariantCulture);
        Assert.True(Poll.Until(() => DateTimeOffset.UtcNow > deadline.AddSeconds(3), Poll.Soon), "the deadline never passed");
        var held = ns.Managed(Pair);
        Assert.Equal("7000", held["vt0 txqueuelen"]);
        Assert.Equal("off", held["vt1 tso"]);
        Assert.Equal("4096", held["net.core.somaxconn"]);

        // Back to the configured profile, then a push whose change cuts the control path until the agent reverts it:
        // the confirmation cannot get through, and the module reconnects after the deadline and reports the revert as
        // the agent recorded it. The values are back (read with ethtool, cat and sysctl).
        var absent = $"""
            - nictune.agent.nictune_profile:
                state: absent
                {Common}
            """;
        Assert.Equal("CHANGED", Play(dir, absent).State);
        Assert.Equal(configured, ns.Managed(Pair));
        var mended = ControlPathCut.Write(dir, ns.ApiSocket, restoredByRevert: true);
        var reported = Play(dir, push.Replace("{{ nictune_bin }}", mended, StringComparison.Ordinal));
        Assert.False(ControlPathCut.IsCut(ns.ApiSocket), "the watcher did not put the socket back after the revert");
        Assert.Equal("FAILED!", reported.State);
        var id = reported.Result.GetProperty("transaction").GetProperty("id").GetString()!;
        Assert.Contains($"transaction {id} could not be confirmed", reported.Message, StringComparison.Ordinal);
        Assert.Contains("the agent reverted it at its deadline", reported.Message, StringComparison.Ordinal);
        Assert.Contains("OUTCOME_UNCONFIRMED_REVERTED, rollback: succeeded", reported.Message, StringComparison.Ordinal);
        var revert = reported.Result.GetProperty("revert");
        Assert.True(revert.GetProperty("verified").GetBoolean(), revert.ToString());
        Assert.Equal(id, revert.GetProperty("transaction").GetString());
        Assert.Equal("OUTCOME_UNCONFIRMED_REVERTED", revert.GetProperty("outcome").GetString());
        Assert.Equal("succeeded", revert.GetProperty("rollback").GetString());
        Assert.NotEqual(string.Empty, revert.GetProperty("reason").GetString());
        Assert.Equal(configured, ns.Managed(Pair));

        // A confirmation that gets there after the agent reverted the change (as after a guard revert): refused, since
        // the transaction is final, and reported as the revert the agent recorded, not as a confirmation error. (The
        // revert put the pushed store back as it was: nothing pushed.)
        var late = Play(dir, push.Replace("{{ nictune_bin }}", LateConfirmation.Write(dir, ns.ApiSocket), StringComparison.Ordinal));
        Assert.Equal("FAILED!", late.State);
        var lateId = late.Result.GetProperty("transaction").GetProperty("id").GetString()!;
        Assert.Contains($"transaction {lateId} is final", late.Message, StringComparison.Ordinal);
        Assert.Contains("the agent reverted it at its deadline", late.Message, StringComparison.Ordinal);
        Assert.Equal("OUTCOME_UNCONFIRMED_REVERTED", late.Result.GetProperty("revert").GetProperty("outcome").GetString());
        Assert.Equal(configured, ns.Managed(Pair));

        // A push whose change cuts the control path for good: after the deadline and revert_timeout the module fails
        // saying the revert could not be verified, with the deadline and what to check; the agent did revert.
        var cut = ControlPathCut.Write(dir, ns.ApiSocket);
        var unverified = Play(dir, push.Replace("{{ nictune_bin }}", cut, StringComparison.Ordinal).Replace("confirm_within: 10s", "confirm_within: 10s\n    revert_timeout: 5", StringComparison.Ordinal));
        Assert.True(ControlPathCut.IsCut(ns.ApiSocket), "the wrapper did not cut the control path after the push");
        ControlPathCut.Restore(ns.ApiSocket);
        Assert.Equal("FAILED!", unverified.State);
        var cutRevert = unverified.Result.GetProperty("revert");
        Assert.False(cutRevert.GetProperty("verified").GetBoolean(), cutRevert.ToString());
        Assert.Equal(string.Empty, cutRevert.GetProperty("outcome").GetString());
        Assert.Contains("could not be confirmed", unverified.Message, StringComparison.Ordinal);
        Assert.Contains("the revert could not be verified", unverified.Message, StringComparison.Ordinal);
        Assert.Contains($"was still unreachable 5 s after its confirmation deadline {cutRevert.GetProperty("deadline").GetString()}", unverified.Message, StringComparison.Ordinal);
        Assert.Contains("no agent is listening", unverified.Message, StringComparison.Ordinal);
        Assert.Contains("nictune status", unverified.Message, StringComparison.Ordinal);
        Assert.False(unverified.Result.GetProperty("confirmed").GetBoolean(), unverified.Result.ToString());
        Assert.True(Poll.Until(() => ns.Managed(Pair).SequenceEqual(configured), Poll.Soon), $"not reverted: {ns.Snapshot()}");
        var status = ns.Nictune("status", "--json", "--target", $"unix://{ns.ApiSocket}");
        Assert.Contains("OUTCOME_UNCONFIRMED_REVERTED", status.Stdout, StringComparison.Ordinal);
    }

    /// <summary>An agent in a namespace, ready; <paramref name="dir"/> holds the collection, the inventory and pushed.yaml.</summary>
    private static DaemonNamespace StartAgent(out string dir)
    {
        Prerequisite.RequireTool("ansible-playbook");
        var ns = new DaemonNamespace();
        try
        {
            ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
            ns.Notify.WaitFor("READY=1", Boot);
            dir = Path.Join(ns.TestDirectory, "ansible");
            AnsibleCollection.Install(Path.Join(dir, "collections"));
            File.WriteAllText(Path.Join(dir, "inventory.ini"), $"a0 ansible_connection=local nictune_target=unix://{ns.ApiSocket} nictune_bin={NictuneBinary.Path}\n");
            File.WriteAllText(Path.Join(dir, "pushed.yaml"), ApiProfiles.Pushed);
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    private static JsonElement Ok(HostResult result)
    {
        Assert.True(result.State is "SUCCESS" or "CHANGED", result.Result.ToString());
        return result.Result;
    }

    /// <summary>Runs one task on the one host; its result as the oneline callback printed it.</summary>
    private static HostResult Play(string dir, string task, params string[] extra)
    {
        var indented = string.Join('\n', task.Split('\n').Select(l => "    " + l));
        File.WriteAllText(Path.Join(dir, "play.yml"), $"- hosts: all\n  gather_facts: false\n  tasks:\n{indented}\n");
        File.WriteAllText(Path.Join(dir, "ansible.cfg"), $"""
            [defaults]
            collections_path = {Path.Join(dir, "collections")}
            stdout_callback = oneline
            interpreter_python = /usr/bin/python3
            local_tmp = {Path.Join(dir, "tmp")}
            """);
        var clock = Stopwatch.StartNew();
        var run = Tools.Run(
            "ansible-playbook",
            ["-i", Path.Join(dir, "inventory.ini"), Path.Join(dir, "play.yml"), .. extra],
            stdin: null,
            new Dictionary<string, string?> { ["ANSIBLE_CONFIG"] = Path.Join(dir, "ansible.cfg"), ["ANSIBLE_NOCOLOR"] = "1" },
            TimeSpan.FromSeconds(120));
        var result = new AnsibleRun(run.ExitCode, run.Stdout, run.Stderr, clock.Elapsed);
        Assert.DoesNotContain("Traceback", result.Output, StringComparison.Ordinal);
        Assert.True(result.Results.Count == 1, result.Output);
        return result.Results.Values.Single();
    }
}

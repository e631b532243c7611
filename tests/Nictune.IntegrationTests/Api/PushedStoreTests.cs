using System.Text.Json;
using Nictune.IntegrationTests.Daemon;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// Issue 23 §3 with the real agent in its own namespace: a push killed (SIGKILL) at every step comes back as the old
/// push or the new one, never the configured profile; and a pushed profile that cannot be used does not stop the
/// agent: it starts with the API up, Degraded, changes nothing in the kernel, and a push fixes it. The kernel is read
/// with the real tools.
/// </summary>
public sealed class PushedStoreTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(60);
    private static readonly string[] Pair = ["vt0", "vt1"];

    /// <summary>The push that was in force: txqueuelen 7000. The push killed on its way in: 7100.</summary>
    private static readonly string OldPush = ApiProfiles.Pushed.Replace("name: pushed-e2e", "name: pushed-old", StringComparison.Ordinal);
    private static readonly string NewPush = ApiProfiles.Pushed.Replace("7000", "7100", StringComparison.Ordinal);

    [Theory]
    [InlineData("staged", "pushed-old", "1", "7000")]
    [InlineData("committed", "pushed-e2e", "2", "7100")]
    [InlineData("tidied", "pushed-e2e", "2", "7100")]
    public async Task A_push_killed_at_any_step_restarts_with_the_old_push_or_the_new_one(string step, string profile, string generation, string txqueuelen)
    {
        using var ns = new DaemonNamespace();
        var pushed = Path.Join(ns.StateDir, "pushed");
        Directory.CreateDirectory(pushed);
        File.WriteAllText(Path.Join(pushed, "pushed-old.yaml"), OldPush);
        File.WriteAllText(Path.Join(pushed, "generation"), "1 pushed-old\n");
        var config = ns.WriteConfig(ns.Config(driftInterval: "1h"));
        var target = "unix://" + ns.ApiSocket;

        var hooked = ns.StartAgentWithHooks(config, new Dictionary<string, string> { ["NICTUNE_TEST_PAUSE_PUSH_STEP"] = $"{step}:120000" });
        hooked.WaitForLine("Boot tune done", Boot);
        Assert.Equal("7000", TxQueueLen(ns));
        var file = Path.Join(ns.TestDirectory, "pushed-e2e.yaml");
        File.WriteAllText(file, NewPush);
        var push = Task.Run(() => ns.Nictune("push", file, "--apply", "--target", target), TestContext.Current.CancellationToken);
        hooked.WaitForLine($"fault hook: paused after push step {step}", Boot);
        hooked.Signal("KILL");
        Assert.Equal(128 + 9, hooked.WaitForExit(Boot));
        Assert.NotEqual(0, (await push).ExitCode);

        var agent = ns.StartAgent(config);
        agent.WaitForLine("Boot tune done", Boot);

        var status = Status(ns, target);
        Assert.Equal(profile, status.GetProperty("activeProfile").GetProperty("name").GetString());
        Assert.Equal(generation, status.GetProperty("activeProfile").GetProperty("generation").GetString());
        Assert.Equal(txqueuelen, TxQueueLen(ns));
        Assert.Equal(["generation", profile + ".yaml"], Directory.GetFiles(pushed).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_invalid_pushed_profile_starts_the_agent_degraded_changing_nothing_until_a_push_fixes_it()
    {
        using var ns = new DaemonNamespace();
        var pushed = Path.Join(ns.StateDir, "pushed");
        Directory.CreateDirectory(pushed);
        File.WriteAllText(Path.Join(pushed, "broken.yaml"), "name: broken\nsysctl:\n  kernel.hostname: SECRET-VALUE\n");
        File.WriteAllText(Path.Join(pushed, "generation"), "4 broken\n");
        File.WriteAllText(Path.Join(ns.StateDir, ".journal.json.tmp-0123abcd"), "{");
        File.WriteAllText(Path.Join(pushed, ".generation.tmp-4567"), "5 x\n");
        var before = ns.Managed(Pair);
        var config = ns.WriteConfig(ns.Config(driftInterval: "1s"));
        var target = "unix://" + ns.ApiSocket;

        var agent = ns.StartAgent(config);
        ns.Notify.WaitFor("READY=1", Boot);

        var status = Status(ns, target);
        var degraded = status.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Degraded");
        Assert.True(degraded.GetProperty("status").GetBoolean());
        Assert.Equal("PushedProfileUnusable", degraded.GetProperty("reason").GetString());
        Assert.Contains(Path.Join(pushed, "broken.yaml"), degraded.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", status.ToString(), StringComparison.Ordinal);
        Assert.Equal("4", status.GetProperty("activeProfile").GetProperty("generation").GetString());
        Assert.False(File.Exists(Path.Join(ns.StateDir, ".journal.json.tmp-0123abcd")), "a temporary file outlived the start");
        Assert.False(File.Exists(Path.Join(pushed, ".generation.tmp-4567")), "a temporary file outlived the start");

        // Drift ticks (1 s) pass; nothing is enforced, so nothing changes.
        agent.WaitForLine("Reconciling (Drift", Boot);
        Assert.Equal(before, ns.Managed(Pair));

        var file = Path.Join(ns.TestDirectory, "pushed-e2e.yaml");
        File.WriteAllText(file, ApiProfiles.Pushed);
        var push = ns.Nictune("push", file, "--apply", "--json", "--target", target);
        Assert.True(push.ExitCode == 0, push.Stdout + push.Stderr);
        Assert.Equal("5", JsonDocument.Parse(push.Stdout).RootElement.GetProperty("generation").GetString());
        Assert.Equal("7000", TxQueueLen(ns));
        var fixedStatus = Status(ns, target);
        Assert.False(fixedStatus.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Degraded").GetProperty("status").GetBoolean());

        // Unprivileged reads never open the store's files: a FIFO in place of the record blocks none of them.
        var record = Path.Join(pushed, "generation");
        File.Delete(record);
        Nictune.Testing.Tools.Check("mkfifo", record);
        Assert.Equal("5", Status(ns, target).GetProperty("activeProfile").GetProperty("generation").GetString());
        var profiles = ns.Nictune("profiles", "--json", "--target", target);
        Assert.True(profiles.ExitCode == 0, profiles.Stdout + profiles.Stderr);
        Assert.Contains("pushed-e2e", profiles.Stdout, StringComparison.Ordinal);
    }

    private static string TxQueueLen(DaemonNamespace ns) => ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim();

    private static JsonElement Status(DaemonNamespace ns, string target)
    {
        var status = ns.Nictune("status", "--json", "--target", target);
        Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
        return JsonDocument.Parse(status.Stdout).RootElement.Clone();
    }
}

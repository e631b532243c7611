using System.Text.Json;
using Nictune.IntegrationTests.Daemon;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// Issue 24 §4 with the real agent in its own namespace: a push is one object. The profile parsed when the push was
/// accepted is what the pass applies (the stored file is never read back), and a push without <c>--apply</c> runs no
/// pass at all. The kernel is read with ethtool, cat and sysctl.
/// </summary>
public sealed class PushTests
{
    private static readonly TimeSpan Boot = Poll.Boot;
    private static readonly string[] Pair = ["vt0", "vt1"];

    /// <summary>Every interface value differs from the namespace's e2e profile, so a pass that applied it would show in ethtool.</summary>
    private const string Differs = """
        name: pushed-quiet
        sysctl:
          net.core.somaxconn: 4096
        interfaces:
          - match: { driver: [veth], name: "vt*" }
            features: { gro: off, tso: on }
            channels: { rx: 3, tx: 3 }
            txqueuelen: 7000
        """;

    [Fact]
    public async Task A_push_applies_the_profile_it_parsed_even_when_the_stored_file_changes_before_the_pass()
    {
        using var ns = new DaemonNamespace();
        var config = ns.WriteConfig(ns.Config(driftInterval: "1h"));
        var target = "unix://" + ns.ApiSocket;

        // The loop pauses after the store has written and tidied, before its pass: long enough to change the file.
        var agent = ns.StartAgentWithHooks(config, new Dictionary<string, string> { ["NICTUNE_TEST_PAUSE_PUSH_STEP"] = "tidied:20000" });
        agent.WaitForLine("Boot tune done", Boot);
        var file = Path.Join(ns.TestDirectory, "to-push", "pushed-e2e.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, ApiProfiles.Pushed);
        var push = Task.Run(() => ns.Nictune("push", file, "--apply", "--json", "--target", target), TestContext.Current.CancellationToken);
        agent.WaitForLine("fault hook: paused after push step tidied", Boot);
        var stored = Path.Join(ns.StateDir, "pushed", "pushed-e2e.yaml");
        Assert.Equal(ApiProfiles.Pushed, File.ReadAllText(stored));
        File.WriteAllText(stored, ApiProfiles.Pushed.Replace("7000", "7300", StringComparison.Ordinal));

        var result = await push;
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var settings = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("transaction").GetProperty("settings").EnumerateArray();
        Assert.Contains(settings, s => s.GetProperty("key").GetString()!.Contains("txqueuelen", StringComparison.Ordinal) && s.GetProperty("after").GetString() == "7000");
        Assert.All(Pair, nic => Assert.Equal("7000", ns.Namespace.CheckExec("cat", $"/sys/class/net/{nic}/tx_queue_len").Trim()));
        Assert.Equal("4096", ns.Namespace.CheckExec("sysctl", "-n", "net.core.somaxconn").Trim());
    }

    [Fact]
    public void A_push_without_apply_changes_no_kernel_value_and_advances_the_stored_generation()
    {
        using var ns = new DaemonNamespace();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        agent.WaitForLine("Boot tune done", Boot);
        var target = "unix://" + ns.ApiSocket;
        var before = ns.Managed(Pair);
        Assert.Equal(DaemonNamespace.Wanted(Pair), before);
        var boot = Status(ns, target).GetProperty("lastTransaction").GetProperty("id").GetString();

        var file = Path.Join(ns.TestDirectory, "to-push", "pushed-quiet.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, Differs);
        var push = ns.Nictune("push", file, "--target", target);
        Assert.True(push.ExitCode == 0, push.Stdout + push.Stderr);
        Assert.Contains("pushed pushed-quiet; the agent is at generation 1", push.Stderr, StringComparison.Ordinal);

        // Stored and active, generation 1; no pass ran: the last transaction is still the boot's, and ethtool, cat and
        // sysctl read what they read before.
        Assert.Equal("1 pushed-quiet\n", File.ReadAllText(Path.Join(ns.StateDir, "pushed", "generation")));
        Assert.Equal(Differs, File.ReadAllText(Path.Join(ns.StateDir, "pushed", "pushed-quiet.yaml")));
        var status = Status(ns, target);
        Assert.Equal("pushed-quiet", status.GetProperty("activeProfile").GetProperty("name").GetString());
        Assert.Equal("1", status.GetProperty("activeProfile").GetProperty("generation").GetString());
        Assert.Equal(boot, status.GetProperty("lastTransaction").GetProperty("id").GetString());
        Assert.Equal(before, ns.Managed(Pair));
        agent.WaitForLine("Profile pushed-quiet pushed", Boot);
        var sinceBoot = agent.Output[agent.Output.IndexOf("Boot tune done", StringComparison.Ordinal)..];
        Assert.Contains("Profile pushed-quiet pushed", sinceBoot, StringComparison.Ordinal);
        Assert.DoesNotContain("Transaction ", sinceBoot, StringComparison.Ordinal);

        // The next pass (here a reload) applies it.
        var reload = ns.Nictune("reload", "--target", target);
        Assert.True(reload.ExitCode == 0, reload.Stdout + reload.Stderr);
        Assert.Equal("off", ns.Feature("vt0", "generic-receive-offload"));
        Assert.Equal("7000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());
    }

    private static JsonElement Status(DaemonNamespace ns, string target)
    {
        var status = ns.Nictune("status", "--json", "--target", target);
        Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
        return JsonDocument.Parse(status.Stdout).RootElement.Clone();
    }
}

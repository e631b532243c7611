using System.Text.Json;
using Nictune.IntegrationTests.Daemon;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// The conditions (Applied, Degraded, Drifted) of the real agent through <c>nictune status --json</c>, and the
/// idempotent push (<c>--if-changed</c>) the Ansible module relies on, with the kernel read by the real tools.
/// </summary>
public sealed class ConditionsTests
{
    private static readonly TimeSpan Boot = Poll.Boot;

    [Fact]
    public void Status_shows_applied_then_drifted_and_a_second_identical_push_stores_nothing()
    {
        using var ns = new DaemonNamespace();
        var config = ns.WriteConfig(ns.Config(driftInterval: "1h"));
        ns.StartAgent(config);
        ns.Notify.WaitFor("READY=1", Boot);
        var target = "unix://" + ns.ApiSocket;

        Assert.Equal([("Applied", true), ("Degraded", false), ("Drifted", false)], Conditions(ns, target));

        var file = Path.Join(ns.TestDirectory, "pushed-e2e.yaml");
        File.WriteAllText(file, ApiProfiles.Pushed);
        var first = Push(ns, file, target);
        Assert.True(first.GetProperty("stored").GetBoolean());
        Assert.False(first.GetProperty("unchanged").GetBoolean());
        Assert.Equal("1", first.GetProperty("generation").GetString());
        Assert.Equal("7000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());

        // The same document again: nothing stored, the generation stays, and the pass found nothing to change.
        var second = Push(ns, file, target);
        Assert.False(second.GetProperty("stored").GetBoolean());
        Assert.True(second.GetProperty("unchanged").GetBoolean());
        Assert.Equal("1", second.GetProperty("generation").GetString());
        Assert.Equal("OUTCOME_NO_CHANGES", second.GetProperty("transaction").GetProperty("outcome").GetString());

        // A changed document is stored again: generation 2.
        File.WriteAllText(file, ApiProfiles.Pushed.Replace("7000", "7100", StringComparison.Ordinal));
        Assert.Equal("2", Push(ns, file, target).GetProperty("generation").GetString());

        // Observe mode (a reload of the configuration), then a setting changed by hand: Drifted, and not Applied.
        File.WriteAllText(config, ns.Config(mode: "observe", driftInterval: "1h"));
        Assert.Equal(0, ns.Nictune("reload", "--target", target).ExitCode);
        ns.Namespace.CheckExec("ip", "link", "set", "vt0", "txqueuelen", "1000");
        Assert.Equal(0, ns.Nictune("reload", "--target", target).ExitCode);
        var drifted = Conditions(ns, target);
        Assert.Equal([("Applied", false), ("Degraded", false), ("Drifted", true)], drifted);
        Assert.Equal("1000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());
    }

    private static JsonElement Push(DaemonNamespace ns, string file, string target)
    {
        var push = ns.Nictune("push", file, "--if-changed", "--apply", "--json", "--target", target);
        Assert.True(push.ExitCode == 0, push.Stdout + push.Stderr);
        return JsonDocument.Parse(push.Stdout).RootElement.Clone();
    }

    private static List<(string Type, bool Status)> Conditions(DaemonNamespace ns, string target)
    {
        var status = ns.Nictune("status", "--json", "--target", target);
        Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
        using var json = JsonDocument.Parse(status.Stdout);
        return [.. json.RootElement.GetProperty("conditions").EnumerateArray().Select(c => (c.GetProperty("type").GetString()!, c.GetProperty("status").GetBoolean()))];
    }
}

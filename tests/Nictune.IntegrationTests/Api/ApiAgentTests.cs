using System.Text.Json;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// The control API of the real agent, called by Debian's python3-grpcio over the Unix socket: every method, with each
/// effect checked against what ethtool, sysctl and sysfs read in the test's namespace, never against the agent's word.
/// </summary>
public sealed class ApiAgentTests
{
    private static readonly TimeSpan Boot = Poll.Boot;
    private static readonly string[] Pair = ["vt0", "vt1"];

    [Fact]
    public void Python_calls_every_method_over_the_unix_socket_and_the_kernel_agrees()
    {
        PythonGrpc.Require();
        using var ns = new DaemonNamespace();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        ns.Notify.WaitFor("READY=1", Boot);
        var socket = ns.ApiSocket;

        var health = PythonGrpc.Run(["--target", "unix://" + socket, "--authority", "localhost", "health"]);
        Assert.Equal("SERVING", health.Response.GetProperty("status").GetString());

        var status = Ok(PythonGrpc.Call(socket, "GetStatus"));
        Assert.Equal(DaemonNamespace.ProfileName, status.GetProperty("active_profile").GetProperty("name").GetString());
        Assert.Equal("PROFILE_SOURCE_CONFIGURED", status.GetProperty("active_profile").GetProperty("source").GetString());
        Assert.True(status.GetProperty("boot_tune_done").GetBoolean());
        Assert.Equal("MODE_ENFORCE", status.GetProperty("mode").GetString());
        Assert.Equal(ns.StateDir, status.GetProperty("state_dir").GetString());

        // ListInterfaces: detect's facts, and the current value of each managed setting, as the kernel holds it.
        var interfaces = Ok(PythonGrpc.Call(socket, "ListInterfaces")).GetProperty("interfaces").EnumerateArray().ToList();
        var vt0 = interfaces.Single(i => i.GetProperty("name").GetString() == "vt0");
        Assert.Equal("veth", vt0.GetProperty("driver").GetString());
        var settings = vt0.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!, s => s.GetProperty("value").GetString());
        Assert.Equal(ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim(), settings.Single(s => s.Key.Contains("txqueuelen", StringComparison.Ordinal)).Value);
        Assert.Equal(ns.Feature("vt0", "generic-receive-offload"), settings["feature.rx-gro"]);

        var profiles = Ok(PythonGrpc.Call(socket, "ListProfiles")).GetProperty("profiles").EnumerateArray().ToList();
        var e2e = profiles.Single(p => p.GetProperty("name").GetString() == DaemonNamespace.ProfileName);
        Assert.True(e2e.GetProperty("active").GetBoolean());
        var text = Ok(PythonGrpc.Call(socket, "GetProfile", """{"name": "e2e"}""")).GetProperty("yaml").GetString();
        Assert.Equal(File.ReadAllText(Path.Join(ns.TestDirectory, "e2e.yaml")), text);

        var plan = Ok(PythonGrpc.Call(socket, "PlanProfile", """{"name": "e2e"}"""));
        Assert.All(plan.GetProperty("rows").EnumerateArray(), r => Assert.NotEqual("PLAN_ACTION_CHANGE", r.GetProperty("action").GetString()));

        // A dry-run push plans and stores nothing.
        var document = JsonSerializer.Serialize(ApiProfiles.Pushed);
        var dry = Ok(PythonGrpc.Call(socket, "PutProfile", $$"""{"document": {{document}}, "dry_run": true}"""));
        Assert.False(dry.TryGetProperty("stored", out var stored) && stored.GetBoolean());
        Assert.Contains(dry.GetProperty("plan").GetProperty("rows").EnumerateArray(), r => r.GetProperty("action").GetString() == "PLAN_ACTION_CHANGE");
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        Assert.False(Directory.Exists(Path.Join(ns.StateDir, "pushed")) && Directory.EnumerateFiles(Path.Join(ns.StateDir, "pushed"), "*.yaml").Any(), "a dry run stored the profile");

        var pushed = Ok(PythonGrpc.Call(socket, "PutProfile", $$"""{"document": {{document}}, "apply": true}"""));
        Assert.Equal("1", pushed.GetProperty("generation").GetString());
        Assert.Equal("OUTCOME_SUCCEEDED", pushed.GetProperty("transaction").GetProperty("outcome").GetString());
        Assert.All(Pair, nic => Assert.Equal("7000", ns.Namespace.CheckExec("cat", $"/sys/class/net/{nic}/tx_queue_len").Trim()));
        Assert.Equal("4096", ns.Namespace.CheckExec("sysctl", "-n", "net.core.somaxconn").Trim());
        Assert.True(File.Exists(Path.Join(ns.StateDir, "pushed", "pushed-e2e.yaml")));

        // Apply by name: one transaction, its rows as the kernel now holds them.
        var applied = Ok(PythonGrpc.Call(socket, "ApplyProfile", """{"name": "e2e"}"""));
        Assert.Equal("OUTCOME_SUCCEEDED", applied.GetProperty("outcome").GetString());
        Assert.Equal(0, applied.TryGetProperty("exit_code", out var exit) ? exit.GetInt32() : 0);
        Assert.Contains(applied.GetProperty("settings").EnumerateArray(), s => s.GetProperty("status").GetString() == "SETTING_STATUS_APPLIED" && s.GetProperty("after").GetString() == "5000");
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        Assert.Equal("PROFILE_SOURCE_APPLIED", Ok(PythonGrpc.Call(socket, "GetStatus")).GetProperty("active_profile").GetProperty("source").GetString());

        // Rollback of that apply puts back what the push had set.
        var dryRollback = Ok(PythonGrpc.Call(socket, "Rollback", """{"to": "ROLLBACK_TARGET_PREVIOUS", "dry_run": true}"""));
        Assert.True(dryRollback.TryGetProperty("plan", out _), dryRollback.ToString());
        Assert.Equal("5000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());
        var rolledBack = Ok(PythonGrpc.Call(socket, "Rollback", """{"to": "ROLLBACK_TARGET_PREVIOUS"}"""));
        Assert.Equal("OUTCOME_SUCCEEDED", rolledBack.GetProperty("outcome").GetString());
        Assert.Equal("7000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());

        // Reload: the pushed profile wins over the configuration again.
        var reloaded = Ok(PythonGrpc.Call(socket, "Reload"));
        Assert.Equal("pushed-e2e", reloaded.GetProperty("profile").GetString());
        Assert.Equal("PROFILE_SOURCE_PUSHED", Ok(PythonGrpc.Call(socket, "GetStatus")).GetProperty("active_profile").GetProperty("source").GetString());

        // Unpush: the configured profile is applied again.
        var deleted = Ok(PythonGrpc.Call(socket, "DeleteProfile"));
        Assert.Equal("2", deleted.GetProperty("generation").GetString());
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));

        // The stream holds what happened, in order.
        var last = Ok(PythonGrpc.Call(socket, "GetStatus")).GetProperty("last_event_sequence").GetString();
        var events = PythonGrpc.Run(["--target", "unix://" + socket, "--authority", "localhost", "stream", "WatchEvents", """{"since": "0"}""", last!]);
        var kinds = events.Response.GetProperty("messages").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains("EVENT_KIND_PROFILE_PUSHED", kinds);
        Assert.Contains("EVENT_KIND_PROFILE_DELETED", kinds);
        Assert.Contains("EVENT_KIND_TRANSACTION_FINISHED", kinds);
        Assert.True(kinds.IndexOf("EVENT_KIND_PROFILE_PUSHED") < kinds.IndexOf("EVENT_KIND_PROFILE_DELETED"), string.Join(", ", kinds));
        Assert.Contains("API /nictune.v1.Agent/PutProfile by uid=0", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pushed_profile_survives_a_restart_a_stale_generation_changes_nothing_and_unpush_restores_the_configured_one()
    {
        PythonGrpc.Require();
        using var ns = new DaemonNamespace();
        var config = ns.WriteConfig(ns.Config(driftInterval: "1h"));
        var agent = ns.StartAgent(config);
        ns.Notify.WaitFor("READY=1", Boot);

        var push = ns.Nictune("push", ApiProfileFile(ns), "--apply", "--target", "unix://" + ns.ApiSocket);
        Assert.True(push.ExitCode == 0, push.Stdout + push.Stderr);
        Assert.Equal("7000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());

        // Restart: the pushed profile is still the active one, and is what the boot tune enforces.
        agent.Signal("TERM");
        Assert.Equal(0, agent.WaitForExit(TimeSpan.FromSeconds(30)));
        ns.Namespace.CheckExec("ip", "link", "set", "vt0", "txqueuelen", "1000");
        // The listener keeps the first agent's READY=1: wait for the second one's own line instead.
        ns.StartAgent(config).WaitForLine("Boot tune done", Boot);
        Assert.Equal("7000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());
        var status = Ok(PythonGrpc.Call(ns.ApiSocket, "GetStatus"));
        Assert.Equal("pushed-e2e", status.GetProperty("active_profile").GetProperty("name").GetString());
        Assert.Equal("1", status.GetProperty("active_profile").GetProperty("generation").GetString());
        var json = ns.Nictune("status", "--json", "--target", "unix://" + ns.ApiSocket);
        Assert.True(json.ExitCode == 0, json.Stdout + json.Stderr);
        var cli = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("activeProfile");
        Assert.Equal("pushed-e2e", cli.GetProperty("name").GetString());
        Assert.Equal("PROFILE_SOURCE_PUSHED", cli.GetProperty("source").GetString());

        // A stale generation: FAILED_PRECONDITION, and nothing changes.
        var before = ns.Snapshot();
        var stale = PythonGrpc.Call(ns.ApiSocket, "PutProfile", $$"""{"document": {{JsonSerializer.Serialize(ApiProfiles.Pushed.Replace("7000", "7100", StringComparison.Ordinal))}}, "expected_generation": "5", "apply": true}""");
        Assert.Equal("FAILED_PRECONDITION", stale.Code);
        Assert.Contains("stale generation", stale.Details, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
        var refused = ns.Nictune("unpush", "--expect-generation", "7", "--target", "unix://" + ns.ApiSocket);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("stale generation", refused.Stderr, StringComparison.Ordinal);
        Assert.Single(refused.Stderr.Trim().Split('\n'));

        // The right generation: unpush applies the configured profile again.
        var unpush = ns.Nictune("unpush", "--expect-generation", "1", "--target", "unix://" + ns.ApiSocket);
        Assert.True(unpush.ExitCode == 0, unpush.Stdout + unpush.Stderr);
        Assert.Equal(DaemonNamespace.Wanted(Pair), ns.Managed(Pair));
        Assert.False(File.Exists(Path.Join(ns.StateDir, "pushed", "pushed-e2e.yaml")));
    }

    internal static JsonElement Ok(PythonResult result)
    {
        Assert.True(result.Code == "OK", result.Raw);
        return result.Response;
    }

    private static string ApiProfileFile(DaemonNamespace ns)
    {
        var path = Path.Join(ns.TestDirectory, "to-push", "pushed-e2e.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, ApiProfiles.Pushed);
        return path;
    }
}

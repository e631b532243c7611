using System.Text.Json;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// Node clients we did not write: @grpc/grpc-js with the repository's .proto (GetStatus, WatchEvents), and
/// grpc-js-reflection-client, which fetches the descriptors from the agent's reflection service and has no .proto at
/// all. tests/run.sh installs them (npm) into a directory named by NICTUNE_NODE_MODULES.
/// </summary>
public sealed class ApiNodeTests
{
    private static readonly TimeSpan Boot = Poll.Boot;

    [Fact]
    public void Grpc_js_calls_GetStatus_and_WatchEvents_and_a_reflection_driven_client_calls_GetStatus()
    {
        Prerequisite.RequireTool("node");
        var modules = Environment.GetEnvironmentVariable("NICTUNE_NODE_MODULES");
        Prerequisite.Require(modules is { Length: > 0 } && Directory.Exists(Path.Join(modules, "@grpc", "grpc-js")), "NICTUNE_NODE_MODULES with @grpc/grpc-js (tests/run.sh installs it)");
        using var ns = new DaemonNamespace();
        ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        ns.Notify.WaitFor("READY=1", Boot);

        var viaProto = Node(modules!, "proto", ns.ApiSocket, Path.Join(NictuneBinary.RepoRoot, "proto"));
        Assert.Equal(DaemonNamespace.ProfileName, viaProto.GetProperty("status").GetProperty("active_profile").GetProperty("name").GetString());
        var kinds = viaProto.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains("EVENT_KIND_TRANSACTION_FINISHED", kinds);

        var viaReflection = Node(modules!, "reflection", ns.ApiSocket);
        Assert.Contains("nictune.v1.Agent", viaReflection.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("grpc.health.v1.Health", viaReflection.GetProperty("servicesV1").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(DaemonNamespace.ProfileName, viaReflection.GetProperty("status").GetProperty("active_profile").GetProperty("name").GetString());
        Assert.True(viaReflection.GetProperty("status").GetProperty("boot_tune_done").GetBoolean());
    }

    private static JsonElement Node(string modules, params string[] args)
    {
        var script = Path.Join(NictuneBinary.RepoRoot, "tests", "Nictune.IntegrationTests", "Api", "node", "node_client.js");
        var result = Tools.Run("node", [script, .. args], stdin: null, new Dictionary<string, string?> { ["NODE_PATH"] = modules }, TimeSpan.FromSeconds(90));
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        Assert.True(result.ExitCode == 0 && line.Contains("\"code\":\"OK\"", StringComparison.Ordinal), $"node {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}

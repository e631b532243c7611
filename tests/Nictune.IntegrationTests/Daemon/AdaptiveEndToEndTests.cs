using System.Globalization;
using System.Text.Json;
using Nictune.IntegrationTests.Api;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// Adaptive rings through the real daemon (the test build) in a namespace of its own. veth has no rings and never
/// runs out of ring buffers, so two test hooks stand in for the NIC (docs/adaptive.md, "Testing"): the rx ring of vt0
/// lives in a file (NICTUNE_TEST_RINGS) and its counters come from a feed of rates (NICTUNE_TEST_DROP_FEED).
/// Everything else is real: the agent's log, /metrics read with curl, GetStatus and WatchEvents with Debian's
/// python3-grpcio, the history in the state directory.
/// </summary>
public sealed class AdaptiveEndToEndTests
{
    private static readonly TimeSpan Boot = Poll.Boot;

    /// <summary>A 2 s window sampled every second: three samples, then a decision at most a few ticks later.</summary>
    private static readonly TimeSpan Soon = Poll.Soon;

    private const int MetricsPort = 10910;

    private const string Profile = """
        name: e2e
        description: a managed rx ring on vt0 for adaptive rings
        interfaces:
          - match: { driver: [veth], name: "vt0" }
            ring: { rx: 1024 }
        """;

    private static (DaemonNamespace Ns, AgentProcess Agent, string Rings) Start(string mode)
    {
        PythonGrpc.Require();
        Prerequisite.RequireTool("curl");
        var ns = new DaemonNamespace();
        try
        {
            ns.RewriteProfile(Profile);
            var rings = Path.Join(ns.TestDirectory, "rings");
            var feed = Path.Join(ns.TestDirectory, "drops");
            File.WriteAllText(rings, "vt0 1024 4096\n");

            // 200 drops/s among 10,000 packets/s: both thresholds (10/s, 0.0001) are far below.
            File.WriteAllText(feed, "vt0 200 10000\n");
            var config = ns.Config(driftInterval: "1h") + $"""

                metrics:
                  listen: ["127.0.0.1:{MetricsPort}"]
                adaptive:
                  rings: {mode}
                  window: 2s
                  cooldown: 1h
                """;
            var agent = ns.StartAgentWithHooks(ns.WriteConfig(config), new Dictionary<string, string>
            {
                ["NICTUNE_TEST_RINGS"] = rings,
                ["NICTUNE_TEST_DROP_FEED"] = feed,
            });
            ns.Notify.WaitFor("READY=1", Boot);
            return (ns, agent, rings);
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    private static string Metrics(DaemonNamespace ns) =>
        ns.Namespace.CheckExec("curl", "-sS", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{MetricsPort}/metrics"));

    private static JsonElement Status(DaemonNamespace ns)
    {
        var result = PythonGrpc.Call(ns.ApiSocket, "GetStatus");
        Assert.True(result.Code == "OK", result.Raw);
        return result.Response;
    }

    private static List<JsonElement> Events(DaemonNamespace ns)
    {
        var last = Status(ns).GetProperty("last_event_sequence").GetString()!;
        var events = PythonGrpc.Run(["--target", "unix://" + ns.ApiSocket, "--authority", "localhost", "stream", "WatchEvents", """{"since": "0"}""", last]);
        Assert.True(events.Code == "OK", events.Raw);
        return [.. events.Response.GetProperty("messages").EnumerateArray()];
    }

    private static string Field(JsonElement e, string name) => e.GetProperty("fields").GetProperty(name).GetString()!;

    [Fact]
    public void Suggest_mode_logs_counts_streams_and_shows_the_suggestion_and_changes_nothing()
    {
        var (ns, agent, rings) = Start("suggest");
        using (ns)
        {
            agent.WaitForLine("Adaptive suggestion: vt0 ring.rx 1024 -> 2048", Soon);
            Assert.Contains("ring: { rx: 2048 }", agent.Output, StringComparison.Ordinal);

            var suggested = Assert.Single(Events(ns), e => e.GetProperty("kind").GetString() == "EVENT_KIND_ADAPTIVE_SUGGESTED");
            Assert.Equal(("vt0", "ring.rx", "1024", "2048"), (Field(suggested, "Device"), Field(suggested, "Setting"), Field(suggested, "Current"), Field(suggested, "Target")));
            Assert.InRange(double.Parse(Field(suggested, "DropsPerSecond"), CultureInfo.InvariantCulture), 100, 300);
            Assert.Contains("suggest mode", Field(suggested, "Reason"), StringComparison.Ordinal);

            Assert.Contains("nictune_adaptive_suggestions_total{device=\"vt0\"} 1", Metrics(ns), StringComparison.Ordinal);

            var adaptive = Assert.Single(Status(ns).GetProperty("adaptive").EnumerateArray());
            Assert.Equal(("vt0", "suggested", "2048", "ring: { rx: 2048 }"),
                (adaptive.GetProperty("interface").GetString(), adaptive.GetProperty("state").GetString(), adaptive.GetProperty("value").GetString(), adaptive.GetProperty("profile_line").GetString()));

            var status = ns.Namespace.Exec([NictuneBinary.FaultHookPath, "status", "--target", "unix://" + ns.ApiSocket]);
            Assert.True(status.ExitCode == 0, status.Stderr);
            Assert.Contains("adaptive:  vt0 ring.rx 1024 -> 2048 suggested", status.Stdout, StringComparison.Ordinal);
            Assert.Contains("in the profile rule for vt0: ring: { rx: 2048 }", status.Stdout, StringComparison.Ordinal);

            // Suggest changes nothing: the ring, and no adaptive transaction in the history.
            Assert.Equal("vt0 1024 4096", File.ReadAllText(rings).Trim());
            Assert.False(File.Exists(Path.Join(ns.StateDir, "adaptive.json")));
        }
    }

    [Fact]
    public void Apply_mode_grows_the_ring_as_a_journalled_transaction_visible_in_status_and_rollback_to_baseline_removes_it()
    {
        var (ns, agent, rings) = Start("apply");
        using (ns)
        {
            agent.WaitForLine("Adaptive change: vt0 ring.rx 1024 -> 2048 (held 2048)", Soon);
            Assert.Equal("vt0 2048 4096", File.ReadAllText(rings).Trim());

            // An ordinary transaction: recorded in the history with its setting, the last transaction in GetStatus.
            var history = File.ReadAllLines(Path.Join(ns.StateDir, "history.jsonl"));
            var record = JsonDocument.Parse(history.Last(l => l.Contains("adaptive: vt0", StringComparison.Ordinal))).RootElement;
            Assert.Equal("Reconcile", record.GetProperty("kind").GetString());
            Assert.Contains(record.GetProperty("settings").EnumerateArray(), s =>
                s.GetProperty("key").GetProperty("name").GetString() == "ring.rx" && s.GetProperty("actual").GetString() == "2048");

            // The feed keeps dropping at the rate that triggered the growth, so a full window later the device is held
            // as not helping (docs/adaptive.md, "Not helping"). How soon the test looks is the machine's business: wait
            // for that state, then the status holds exactly the overlay and the hold, whatever the load.
            agent.WaitForLine(l => l.Contains("Adaptive: vt0 ring.rx stays at 2048", StringComparison.Ordinal) && l.Contains("(not_helping)", StringComparison.Ordinal), Soon);
            var status = Status(ns);
            var last = status.GetProperty("last_transaction");
            Assert.Equal(record.GetProperty("id").GetString(), last.GetProperty("id").GetString());
            Assert.Equal("reconcile", last.GetProperty("verb").GetString());
            var adaptive = status.GetProperty("adaptive").EnumerateArray().ToList();
            Assert.Equal(["overlay", "not_helping"], adaptive.Select(a => a.GetProperty("state").GetString()));
            var overlay = adaptive[0];
            Assert.Equal(("overlay", "2048", "1024"), (overlay.GetProperty("state").GetString(), overlay.GetProperty("value").GetString(), overlay.GetProperty("current").GetString()));
            Assert.True(File.Exists(Path.Join(ns.StateDir, "adaptive.json")));

            var changed = Assert.Single(Events(ns), e => e.GetProperty("kind").GetString() == "EVENT_KIND_ADAPTIVE_CHANGED");
            Assert.Equal(("vt0", "applied", record.GetProperty("id").GetString()), (Field(changed, "Device"), Field(changed, "Result"), Field(changed, "TransactionId")));

            var metrics = Metrics(ns);
            Assert.Contains("nictune_adaptive_changes_total{device=\"vt0\",result=\"applied\"} 1", metrics, StringComparison.Ordinal);
            Assert.Contains("nictune_adaptive_rx_ring_entries{device=\"vt0\"} 2048", metrics, StringComparison.Ordinal);
            Assert.Contains("source=\"adaptive\"", metrics, StringComparison.Ordinal);

            // The plan the agent answers with keeps the overlay's value, from source adaptive.
            var plan = PythonGrpc.Call(ns.ApiSocket, "PlanProfile", $$"""{"name": "{{DaemonNamespace.ProfileName}}"}""");
            Assert.True(plan.Code == "OK", plan.Raw);
            var row = plan.Response.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("interface").GetString() == "vt0" && r.GetProperty("key").GetString() == "ring.rx");
            Assert.Equal(("2048", "adaptive"), (row.GetProperty("desired").GetString(), row.GetProperty("source").GetString()));

            var rollback = PythonGrpc.Call(ns.ApiSocket, "Rollback", """{"to": "ROLLBACK_TARGET_BASELINE"}""");
            Assert.True(rollback.Code == "OK", rollback.Raw);
            Assert.Equal("vt0 1024 4096", File.ReadAllText(rings).Trim());
            Assert.False(File.Exists(Path.Join(ns.StateDir, "adaptive.json")));
        }
    }
}

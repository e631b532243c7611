using System.Globalization;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>
/// A fleet on one machine: N real agents (<c>NICTUNE_FLEET_AGENTS</c>, 50 by default and under CI), each in its own
/// network namespace, driven by one playbook of the nictune.agent collection with the local connection and forks 25,
/// every effect read back in each namespace with sysctl, cat and ethtool; then a real Prometheus finds the agents
/// through file_sd and evaluates the fleet's recording rules.
/// </summary>
[Collection(FleetSerial.Name)]
public sealed class FleetTests
{
    private const string Web = """
        name: fleet-web
        description: what the fleet test pushes
        sysctl:
          net.core.somaxconn: 8192
        interfaces:
          - match: { driver: [veth], name: "fl*" }
            features: { gro: on, tso: off }
            txqueuelen: 5000
        """;

    private static readonly FleetValues WebValues = new("8192", "5000", "on", "off");

    private static int AgentCount =>
        int.TryParse(Environment.GetEnvironmentVariable("NICTUNE_FLEET_AGENTS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 2 ? n : 50;

    [Fact]
    public void One_playbook_pushes_to_every_agent_idempotently_a_stale_generation_fails_one_host_and_prometheus_sees_the_fleet()
    {
        var log = TestContext.Current.TestOutputHelper;
        using var fleet = new FleetAgents(AgentCount);
        var n = fleet.Count;
        log?.WriteLine($"{n} agents started in {fleet.StartTime.TotalSeconds:0.0} s");
        var ansible = new AnsibleController(fleet);
        var inventory = ansible.Inventory("fleet");
        var web = ansible.WriteProfile("fleet-web", Web);

        // First run: every agent stores the profile and applies it.
        var first = ansible.Push(inventory, web);
        log?.WriteLine($"push to {n} agents: {first.Duration.TotalSeconds:0.0} s");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(n, first.Results.Count);
        Assert.All(first.Results.Values, r => Assert.Equal("CHANGED", r.State));
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(WebValues, fleet.Read(i)));

        // Second run: the agents already hold that exact profile: changed false everywhere, nothing stored.
        var second = ansible.Push(inventory, web);
        log?.WriteLine($"idempotent push: {second.Duration.TotalSeconds:0.0} s");
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(n, second.Results.Count);
        Assert.All(second.Results.Values, r =>
        {
            Assert.Equal("SUCCESS", r.State);
            Assert.True(r.Result.GetProperty("unchanged").GetBoolean());
            Assert.Equal(1, r.Result.GetProperty("generation").GetInt32());
        });

        // Check mode with another profile: every host would change (its plan says txqueuelen), no namespace does.
        var next = ansible.WriteProfile("fleet-web-2", Web.Replace("txqueuelen: 5000", "txqueuelen: 6000", StringComparison.Ordinal));
        var check = ansible.Push(inventory, next, "--check", "--diff");
        log?.WriteLine($"check mode: {check.Duration.TotalSeconds:0.0} s");
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.All(check.Results.Values, r =>
        {
            Assert.Equal("CHANGED", r.State);
            Assert.Contains(r.Result.GetProperty("plan").EnumerateArray(), row => row.GetProperty("key").GetString() == "txqueuelen" && row.GetProperty("desired").GetString() == "6000");
            Assert.Equal(1, r.Result.GetProperty("generation").GetInt32());
        });
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(WebValues, fleet.Read(i)));
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(Web, File.ReadAllText(Path.Join(fleet.StateDirectory(i), "pushed", "fleet-web.yaml"))));

        // Every host expects generation 1 but one, which holds a stale 7: that host fails with the agent's message,
        // keeps the old profile, and the others go on to generation 2.
        var stale = n / 2;
        var staleInventory = ansible.Inventory("stale", i => $"expected_generation={(i == stale ? 7 : 1)}");
        var partial = ansible.Push(staleInventory, next);
        log?.WriteLine($"push with one stale host: {partial.Duration.TotalSeconds:0.0} s");
        Assert.NotEqual(0, partial.ExitCode);
        var failed = Assert.Single(partial.Results, r => r.Value.State == "FAILED!");
        Assert.Equal(FleetAgents.HostName(stale), failed.Key);
        Assert.Contains("stale generation: expected 7, the agent is at 1", failed.Value.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Traceback", partial.Output, StringComparison.Ordinal);
        Assert.Equal(n - 1, partial.Results.Count(r => r.Value.State == "CHANGED" && r.Value.Result.GetProperty("generation").GetInt32() == 2));
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(i == stale ? "5000" : "6000", fleet.Read(i).TxQueueLength));

        // Prometheus over the fleet: every agent found through file_sd, the rollout at (n-1)/n, nothing drifted.
        using var prometheus = new FleetPrometheus(fleet);
        var agents = prometheus.WaitFor("job:nictune_agents:count", s => s.Count == 1 && s[0].Value == n, TimeSpan.FromSeconds(60));
        Assert.True(agents.Count == 1 && agents[0].Value == n, $"job:nictune_agents:count: {Describe(agents)}\n{prometheus.Output}");
        var rollout = prometheus.Query("profile_generation:nictune_agents:count");
        Assert.Equal(n - 1, rollout.Single(s => s.Labels["generation"] == "2").Value);
        Assert.Equal(1, rollout.Single(s => s.Labels["generation"] == "1").Value);
        Assert.Equal(0, prometheus.Query("job:nictune_agents_drifted:ratio").Single().Value);
        Assert.Equal(FleetAgents.Address(0), prometheus.Query($"nictune_build_info{{instance=\"{FleetAgents.Address(0)}\"}}").Single().Labels["instance"]);
        var scrape = prometheus.Query("quantile(0.5, scrape_duration_seconds{job=\"nictune\"})").Single().Value;
        var scrapeMax = prometheus.Query("max(max_over_time(scrape_duration_seconds{job=\"nictune\"}[1m]))").Single().Value;
        log?.WriteLine($"agents' total RSS: {fleet.TotalRss() / 1048576.0:0} MiB; Prometheus scrape of one agent: median {scrape * 1000:0.0} ms, max over the last minute {scrapeMax * 1000:0.0} ms");

        // One agent set to observe (a reload of its configuration), then its veth changed by hand: "fraction drifted"
        // reads 1/n, and that agent's Drifted condition is 1.
        var drifting = n - 1;
        File.WriteAllText(fleet.ConfigFile(drifting), fleet.Config(drifting, mode: "observe"));
        Assert.Equal(0, FleetAgents.Nictune("reload", "--target", fleet.Target(drifting)).ExitCode);
        fleet.Namespace(drifting).Ip("link", "set", FleetAgents.Nic, "txqueuelen", "1000");
        Assert.Equal(0, FleetAgents.Nictune("reload", "--target", fleet.Target(drifting)).ExitCode);
        var fraction = prometheus.WaitFor("job:nictune_agents_drifted:ratio", s => s.Count == 1 && Math.Abs(s[0].Value - (1.0 / n)) < 1e-9, TimeSpan.FromSeconds(30));
        Assert.True(fraction.Count == 1 && Math.Abs(fraction[0].Value - (1.0 / n)) < 1e-9, $"job:nictune_agents_drifted:ratio: {Describe(fraction)}, wanted {1.0 / n}");
        var drifted = prometheus.Query("nictune_condition{type=\"Drifted\"} == 1");
        Assert.Equal(FleetAgents.Address(drifting), Assert.Single(drifted).Labels["instance"]);
        Assert.Equal("1000", fleet.Read(drifting).TxQueueLength);
    }

    private static string Describe(List<(Dictionary<string, string> Labels, double Value)> samples) =>
        samples.Count == 0 ? "no samples" : string.Join("; ", samples.Select(s => $"{string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}"))} {s.Value}"));
}

using System.Text.Json;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Metrics;

/// <summary>The shipped Prometheus files, checked with Debian's promtool.</summary>
public sealed class PackagingTests
{
    private static string Prometheus(string file) => Path.Join(NictuneBinary.RepoRoot, "packaging", "prometheus", file);

    [Fact]
    public void The_alert_rules_pass_promtool_check_rules()
    {
        var result = PromtoolRunner.Run("check", "rules", Prometheus("nictune-alerts.yaml"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("SUCCESS: 9 rules found", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_alert_rules_pass_their_unit_tests()
    {
        var result = PromtoolRunner.Run("test", "rules", Prometheus("nictune-alerts.test.yaml"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }

    [Fact]
    public void The_fleet_recording_rules_pass_promtool_check_rules_and_their_unit_tests()
    {
        var check = PromtoolRunner.Run("check", "rules", Prometheus("nictune-fleet-rules.yaml"));
        var test = PromtoolRunner.Run("test", "rules", Prometheus("nictune-fleet-rules.test.yaml"));

        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("SUCCESS: 10 rules found", check.Stdout, StringComparison.Ordinal);
        Assert.True(test.ExitCode == 0, test.Stdout + test.Stderr);
    }

    [Fact]
    public void The_example_scrape_config_is_a_valid_prometheus_configuration()
    {
        var dir = Directory.CreateTempSubdirectory("nictune-scrape-");
        try
        {
            // The example names /etc/prometheus paths; promtool resolves rule files, so point them here.
            var config = File.ReadAllText(Prometheus("scrape.yaml"))
                .Replace("/etc/prometheus/nictune-alerts.yaml", Prometheus("nictune-alerts.yaml"), StringComparison.Ordinal)
                .Replace("/etc/prometheus/nictune-fleet-rules.yaml", Prometheus("nictune-fleet-rules.yaml"), StringComparison.Ordinal);
            var file = Path.Join(dir.FullName, "prometheus.yml");
            File.WriteAllText(file, config);

            var result = PromtoolRunner.Run("check", "config", file);

            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
            Assert.Contains("file_sd", config, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_dashboard_has_the_panels_the_issue_asks_for()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Join(NictuneBinary.RepoRoot, "packaging", "grafana", "nictune.json")));
        var titles = doc.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()!).ToList();

        Assert.Contains("Drops per second by device and cause", titles);
        Assert.Contains("rx out-of-buffer and ring exhaustion", titles);
        Assert.Contains(titles, t => t.StartsWith("Softnet", StringComparison.Ordinal));
        Assert.Contains("Rings (descriptors)", titles);
        Assert.Contains("Channels", titles);
        Assert.Contains("Active profile", titles);
        Assert.Contains("Drifted settings", titles);
        Assert.Contains("Transaction results", titles);
        Assert.Contains("Transaction duration (p50, p95)", titles);

        // The fleet row (issue 16): the generation spread, the fractions, the degraded agents.
        Assert.Contains("Generation spread (share of agents)", titles);
        Assert.Contains("Agents applied, drifted, last transaction failed", titles);
        Assert.Contains("Degraded agents", titles);
    }
}

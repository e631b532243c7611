using System.Text.Json;
using System.Text.RegularExpressions;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Metrics;

/// <summary>
/// Every PromQL expression of packaging/grafana/nictune.json is run by a real Prometheus (Debian's) that scrapes a
/// running agent in the test's namespace: each must be accepted, and those about what a veth pair and a tuned
/// namespace have must return data. The alert rules are loaded too and must all evaluate without error.
/// </summary>
public sealed partial class DashboardQueryTests
{
    /// <summary>Families a veth pair in a namespace has no data for: rings, coalescing, and driver counters veth lacks.</summary>
    private static readonly string[] NoDataOnVeth =
    [
        "nictune_rx_out_of_buffer_total", "nictune_rx_buffer_allocation_failures_total", "nictune_tx_ring_full_total",
        "nictune_ena_allowance_exceeded_total", "nictune_link_resets_total", "nictune_rx_ring_entries", "nictune_tx_ring_entries", "nictune_rx_ring_max_entries",
        "nictune_tx_ring_max_entries", "nictune_combined_channels", "nictune_rx_coalesce_seconds", "nictune_tx_coalesce_seconds",

        // Nothing drifts while this test runs (MetricsEndpointTests makes a drift and checks it).
        "nictune_drifted{",

        // No agent is degraded here (the fleet test and the promtool unit tests cover the condition being 1).
        "type=\"Degraded\", instance=~\"$instance\"} == 1",
    ];

    [Fact]
    public void Every_dashboard_expression_is_accepted_and_those_with_data_here_return_some()
    {
        var dashboard = Path.Join(NictuneBinary.RepoRoot, "packaging", "grafana", "nictune.json");
        var expressions = Expressions(File.ReadAllText(dashboard));
        Assert.True(expressions.Count >= 20, $"only {expressions.Count} expressions found in {dashboard}");
        using var ns = new MetricsAgent();
        using var prometheus = new PrometheusServer(ns.Namespace.Namespace, Path.Join(NictuneBinary.RepoRoot, "packaging", "prometheus", "nictune-alerts.yaml"));

        // Enough scrapes for rate() over a 1m window to have two samples, then some.
        Assert.True(Poll.Until(() => Count(prometheus.Query("count_over_time(up{job=\"nictune\"}[1m])")) >= 5, TimeSpan.FromSeconds(60)), $"Prometheus did not scrape the agent:\n{prometheus.Output}");
        Assert.Equal(1, Count(prometheus.Query("up{job=\"nictune\"} == 1")));

        var failures = new List<string>();
        foreach (var (title, expr) in expressions)
        {
            var query = Substitute(expr);
            var (status, result) = prometheus.Query(query);
            if (status != "success")
            {
                failures.Add($"{title}: {query}: {status}");
            }
            else if (result.GetArrayLength() == 0 && !NoDataOnVeth.Any(f => expr.Contains(f, StringComparison.Ordinal)))
            {
                failures.Add($"{title}: {query}: no data");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures) + "\n" + prometheus.Output);
        var rules = ns.Namespace.Namespace.CheckExec("curl", "-sS", $"{PrometheusServer.Url}/api/v1/rules");
        Assert.DoesNotContain("\"health\":\"err\"", rules, StringComparison.Ordinal);
        Assert.Contains("NictuneRxOutOfBufferWithRoomInRing", rules, StringComparison.Ordinal);
    }

    /// <summary>(panel title, expr) for every target of every panel.</summary>
    private static List<(string Title, string Expr)> Expressions(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var found = new List<(string, string)>();
        foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }

            foreach (var target in targets.EnumerateArray())
            {
                found.Add((panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!));
            }
        }

        foreach (var variable in doc.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.TryGetProperty("definition", out var definition) && LabelValues().Match(definition.GetString()!) is { Success: true } m)
            {
                // label_values(selector, label) is Grafana's; the selector itself is PromQL.
                found.Add(($"variable {variable.GetProperty("name").GetString()}", m.Groups["selector"].Value));
            }
        }

        return found;
    }

    /// <summary>Grafana's variables, as the dashboard's "All" option and a short range would give them.</summary>
    private static string Substitute(string expr) => expr
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
        .Replace("$__range", "5m", StringComparison.Ordinal)
        .Replace("$instance", ".*", StringComparison.Ordinal)
        .Replace("$device", ".*", StringComparison.Ordinal);

    private static int Count((string Status, JsonElement Result) query) =>
        query.Status == "success" && query.Result.GetArrayLength() > 0 ? int.Parse(query.Result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^label_values\((?<selector>.+), *\w+\)$")]
    private static partial Regex LabelValues();
}

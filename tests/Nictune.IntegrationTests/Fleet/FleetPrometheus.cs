using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Nictune.IntegrationTests.Metrics;
using Nictune.Testing;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>
/// Debian's <c>prometheus</c> in the fleet's hub namespace, finding the agents through <c>file_sd_configs</c> (one
/// target file, as an inventory tool would write it) with the relabelling of packaging/prometheus/scrape.yaml, and
/// evaluating packaging/prometheus/nictune-fleet-rules.yaml every second. Queries go through
/// <c>promtool query instant</c> in the hub.
/// </summary>
internal sealed class FleetPrometheus : IDisposable
{
    private const string Address = "127.0.0.1:19090";
    private readonly NetNamespace _hub;
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public FleetPrometheus(FleetAgents fleet)
    {
        Prerequisite.RequireTool("prometheus");
        Prerequisite.RequireTool("promtool");
        _hub = fleet.Hub;
        var dir = Path.Join(fleet.Root, "prometheus");
        Directory.CreateDirectory(dir);
        File.Copy(Path.Join(NictuneBinary.RepoRoot, "packaging", "prometheus", "nictune-fleet-rules.yaml"), Path.Join(dir, "nictune-fleet-rules.yaml"));
        var targets = string.Join(", ", Enumerable.Range(0, fleet.Count).Select(i => $"\"{FleetAgents.MetricsEndpoint(i)}\""));
        File.WriteAllText(Path.Join(dir, "nictune-fleet.yaml"), $"- targets: [{targets}]\n  labels:\n    env: fleet-test\n");
        File.WriteAllText(Path.Join(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [nictune-fleet-rules.yaml]
            scrape_configs:
              - job_name: nictune
                scrape_timeout: 1s
                file_sd_configs:
                  - files: ["{Path.Join(dir, "nictune-*.yaml")}"]
                    refresh_interval: 5s
                relabel_configs:
                  - source_labels: [__address__]
                    regex: '(.+):\d+'
                    target_label: instance
                    replacement: '$1'
            """);
        _process = PrometheusServer.Launch(_hub, dir, Address, Log);
    }

    public string Output
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>An instant query's samples (labels, value); empty when the query failed or found nothing.</summary>
    public List<(Dictionary<string, string> Labels, double Value)> Query(string expr)
    {
        var result = _hub.Exec(["promtool", "query", "instant", "-o", "json", "http://" + Address, expr], environment: null, TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            return [];
        }

        using var json = JsonDocument.Parse(result.Stdout);
        return [.. json.RootElement.EnumerateArray().Select(s => (
            s.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal),
            double.Parse(s.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>Polls <paramref name="expr"/> until <paramref name="done"/> holds for its samples; returns the last samples.</summary>
    public List<(Dictionary<string, string> Labels, double Value)> WaitFor(string expr, Func<List<(Dictionary<string, string> Labels, double Value)>, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var samples = Query(expr);
            if (done(samples) || clock.Elapsed > timeout)
            {
                return samples;
            }

            Thread.Sleep(500);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}

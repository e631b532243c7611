using System.Diagnostics;
using System.Text.Json;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;

namespace Nictune.IntegrationTests.Metrics;

/// <summary>
/// Debian's <c>prometheus</c> on the loopback of a test namespace, scraping the agent there every second with
/// nictune's alert rules loaded. Queries go through <c>promtool query instant</c> inside the namespace.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private const string Address = "127.0.0.1:19090";
    private readonly NetNamespace _net;
    private readonly Process _process;
    private readonly DirectoryInfo _dir;

    public PrometheusServer(NetNamespace net, string rulesFile)
    {
        Prerequisite.RequireTool("prometheus");
        Prerequisite.RequireTool("promtool");
        _net = net;
        _dir = Directory.CreateTempSubdirectory("nictune-prometheus-");
        File.Copy(rulesFile, Path.Join(_dir.FullName, "nictune-alerts.yaml"));
        File.WriteAllText(Path.Join(_dir.FullName, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [nictune-alerts.yaml]
            scrape_configs:
              - job_name: nictune
                static_configs:
                  - targets: ["127.0.0.1:{MetricsAgent.Port}"]
            """);
        _process = Launch(net, _dir.FullName, Address, Log);
    }

    public string Output { get; private set; } = string.Empty;

    public static string Url => $"http://{Address}";

    /// <summary>An instant query: (status, result array). Status is "success" or the error promtool printed.</summary>
    public (string Status, JsonElement Result) Query(string expr)
    {
        var result = _net.Exec(["promtool", "query", "instant", "-o", "json", Url, expr], environment: null, TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            return ($"promtool exited {result.ExitCode}: {result.Stderr.Trim()}", default);
        }

        using var json = JsonDocument.Parse(result.Stdout);
        return ("success", json.RootElement.Clone());
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
            _dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Starts Debian's prometheus in <paramref name="net"/> with <c>DIR/prometheus.yml</c>, its data in <c>DIR/data</c>,
    /// listening on <paramref name="address"/>; every line it prints goes to <paramref name="log"/>.
    /// </summary>
    public static Process Launch(NetNamespace net, string dir, string address, Action<string?> log)
    {
        var start = new ProcessStartInfo(Tools.Find("ip") ?? "ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     "netns", "exec", net.Name, Tools.Find("prometheus")!, $"--config.file={Path.Join(dir, "prometheus.yml")}",
                     $"--storage.tsdb.path={Path.Join(dir, "data")}", $"--web.listen-address={address}", "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => log(e.Data);
        process.ErrorDataReceived += (_, e) => log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (_process)
            {
                Output += line + "\n";
            }
        }
    }
}

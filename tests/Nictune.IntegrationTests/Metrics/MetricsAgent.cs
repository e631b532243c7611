using System.Globalization;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;

namespace Nictune.IntegrationTests.Metrics;

/// <summary>
/// A <see cref="DaemonNamespace"/> with the real <c>nictune run</c> serving /metrics on the namespace's loopback, and
/// curl inside the namespace to scrape it.
/// </summary>
internal sealed class MetricsAgent : IDisposable
{
    public const int Port = 10910;
    public const string OpenMetricsAccept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static readonly TimeSpan Boot = Poll.Boot;

    /// <param name="applyFirst">Apply the test profile with <c>nictune apply</c> before the agent starts, so an
    /// observing agent starts with nothing drifted.</param>
    /// <param name="environment">Variables added to the agent's environment (the runtime's DOTNET_* settings).</param>
    /// <param name="setUp">Run on the namespace before the agent starts (more interfaces).</param>
    public MetricsAgent(string mode = "enforce", string driftInterval = "1s", bool perQueue = true, bool applyFirst = false, IReadOnlyDictionary<string, string>? environment = null, Action<DaemonNamespace>? setUp = null)
    {
        Prerequisite.RequireTool("curl");
        Namespace = new DaemonNamespace();
        try
        {
            setUp?.Invoke(Namespace);
            if (applyFirst)
            {
                var apply = Namespace.Nictune("apply", "--profile", DaemonNamespace.ProfileName, "--state-dir", Namespace.StateDir);
                if (apply.ExitCode != 0)
                {
                    throw new InvalidOperationException($"nictune apply exited {apply.ExitCode}: {apply.Stdout}{apply.Stderr}");
                }
            }

            var config = Namespace.Config(mode: mode, driftInterval: driftInterval) + $"""

                metrics:
                  listen: ["127.0.0.1:{Port}"]
                  per-queue: {(perQueue ? "true" : "false")}
                """;
            var file = Namespace.WriteConfig(config);
            Agent = environment is null ? Namespace.StartAgent(file) : Namespace.StartAgent(file, environment);
            Namespace.Notify.WaitFor("READY=1", Boot);
        }
        catch
        {
            Namespace.Dispose();
            throw;
        }
    }

    public DaemonNamespace Namespace { get; }

    public AgentProcess Agent { get; }

    public static string Url => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/metrics");

    /// <summary>GET /metrics with curl in the namespace: the headers (lower-cased names) and the body.</summary>
    public (Dictionary<string, string> Headers, string Body) Get(string? accept = null)
    {
        string[] args = accept is null ? ["curl", "-sS", "-D", "/dev/stderr", Url] : ["curl", "-sS", "-D", "/dev/stderr", "-H", "Accept: " + accept, Url];
        var result = Namespace.Namespace.Exec(args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"curl {Url} exited {result.ExitCode}: {result.Stderr}\n{Agent.Output}");
        }

        var headers = result.Stderr.Split('\n').Skip(1).Select(l => l.TrimEnd('\r')).Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].ToLowerInvariant(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
        return (headers, result.Stdout);
    }

    public string Text() => Get().Body;

    public void Dispose() => Namespace.Dispose();
}

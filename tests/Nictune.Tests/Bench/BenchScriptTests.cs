using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Bench;

/// <summary>
/// bench/run.sh is run by hand, rarely; these keep it from rotting silently. They only parse the scripts and ask each
/// scenario what it would run (<c>--dry-run</c> runs nothing, needs no root and measures nothing): no timings here.
/// </summary>
public sealed class BenchScriptTests
{
    private const string Python = "/usr/bin/python3";

    private static string RunSh => Path.Join(NictuneBinary.RepoRoot, "bench", "run.sh");

    [Fact]
    public void Run_sh_parses()
    {
        var result = Tools.Run("bash", "-n", RunSh);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    [Theory]
    [InlineData("ready", new[] { "run --config", "READY=1", "apply --profile bench-a", "tuned --no-dbus --no-socket -p bench-a", "lower bound" })]
    [InlineData("apply", new[] { "apply --profile bench-a|bench-b", "strace -c -f", "tuned-adm profile", "1, 4, 16, 64, 256" })]
    [InlineData("footprint", new[] { "/usr/bin/time -v", "prometheus-node-exporter", "--collector.netdev", "VmHWM", "VmRSS", "600 s", "tuned" })]
    [InlineData("scrape", new[] { "curl", "prometheus-node-exporter", "p50 and p99", "1, 16, 64" })]
    [InlineData("grpc", new[] { "h2load", "-c 4 -m 32", "-B unix:SOCKET", "health_server.py", "health_server", "unary_load", "GetStatus", "Health/Check" })]
    public void Each_scenario_lists_what_it_would_run(string scenario, string[] expected)
    {
        Prerequisite.Require(File.Exists(Python), "Debian's python3 at " + Python);

        var result = Tools.Run("bash", RunSh, "--dry-run", scenario);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.StartsWith($"== {scenario}: ", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("== ", result.Stdout[3..], StringComparison.Ordinal);
        foreach (var text in expected)
        {
            Assert.Contains(text, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Dry_run_without_scenarios_lists_all_five()
    {
        Prerequisite.Require(File.Exists(Python), "Debian's python3 at " + Python);

        var result = Tools.Run("bash", RunSh, "--dry-run", "--duration", "120");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var headings = result.Stdout.Split('\n').Where(line => line.StartsWith("== ", StringComparison.Ordinal))
            .Select(line => line[3..line.IndexOf(':', StringComparison.Ordinal)]);
        Assert.Equal(["ready", "apply", "footprint", "scrape", "grpc"], headings);
        Assert.Contains("idle window: 120 s", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_scenario_is_refused_by_name()
    {
        Prerequisite.Require(File.Exists(Python), "Debian's python3 at " + Python);

        var result = Tools.Run("bash", RunSh, "--dry-run", "ready", "warp-speed");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown scenario warp-speed", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_than_five_repetitions_are_refused()
    {
        Prerequisite.Require(File.Exists(Python), "Debian's python3 at " + Python);

        // Not a dry run: the check comes before anything needs root, so this runs nothing either.
        var result = Tools.Run("/usr/bin/python3", Path.Join(NictuneBinary.RepoRoot, "bench", "lib", "bench.py"), "--reps", "3", "ready");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("at least 5 repetitions", result.Stderr, StringComparison.Ordinal);
    }
}

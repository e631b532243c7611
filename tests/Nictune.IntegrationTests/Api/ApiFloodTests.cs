using System.Globalization;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// Floods by an unprivileged local user (uid 65534, through setpriv) on the 0666 socket: PlanProfile documents, and
/// more connections than the listeners hold. Whatever the flood, the agent stays within the unit's limits
/// (systemd/nictune.service: <c>MemoryHigh=</c>, <c>LimitNOFILE=</c>), root still gets its status, and a drift made
/// during the flood is corrected. Bounds are the unit's own, far above what the agent needs; the figures measured
/// are printed, not asserted (bench's business).
/// </summary>
public sealed class ApiFloodTests
{
    private const string Nobody = "65534";

    /// <summary>
    /// The descriptors the agent may hold with the default listeners at their caps: 64 connections on the socket for
    /// anyone, 16 more for root and the socket group, 16 on the metrics port, and the 256 kept for tuning (README,
    /// "The control API").
    /// </summary>
    private const int DescriptorBound = 64 + 16 + 16 + 256;

    /// <summary>1 MiB: what the agent accepted before profiles were limited to 64 KiB.</summary>
    private const int HugeDocument = 1 << 20;

    /// <summary>Just under the 64 KiB a profile may have: the largest document the agent parses.</summary>
    private const int LargestDocument = (64 << 10) - 512;

    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(20);

    /// <summary>How long a drift correction may take under the flood on a loaded machine.</summary>
    private static readonly TimeSpan Correction = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_plan_profile_flood_by_nobody_stays_under_the_unit_s_memory_bound_while_drift_is_corrected()
    {
        PythonGrpc.Require();
        Prerequisite.RequireTool("setpriv");
        using var ns = new DaemonNamespace();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config()));
        ns.Notify.WaitFor("READY=1", Boot);
        OpenToNobody(ns);
        var idle = Status(agent.Pid, "VmRSS:");
        using var marks = new TemporaryDirectory();
        var answered = Path.Join(marks.Path, "answered");

        // 48 clients, each on its own connection, each sending in turn a 1 MiB document and the largest one accepted.
        var flood = Task.Run(() => PythonGrpc.Run(
            ["plan-flood", "unix://" + ns.ApiSocket, "48", "45", answered, HugeDocument.ToString(CultureInfo.InvariantCulture), LargestDocument.ToString(CultureInfo.InvariantCulture)],
            asUser: Nobody, timeout: TimeSpan.FromMinutes(4), script: PythonGrpc.FloodScript));
        Assert.True(Poll.Until(() => File.Exists(answered) || flood.IsCompleted, TimeSpan.FromMinutes(2)), "the flood's clients never all had an answer");
        Assert.False(flood.IsCompleted, $"the flood ended early: {(flood.IsCompleted ? (await flood).Raw : null)}");

        var mark = agent.LineCount;
        ns.Namespace.CheckExec("ethtool", "-K", "vt0", "gro", "off");
        agent.WaitForLine("Drift: vt0 feature.rx-gro holds off, the profile wants on (correcting)", Correction, mark);
        Assert.True(Poll.Until(() => ns.Feature("vt0", "generic-receive-offload") == "on", Correction), $"gro stayed off:\n{agent.Output}");
        Assert.False(flood.IsCompleted, "the flood ended before the correction: it proves nothing");

        var codes = (await flood).Response.GetProperty("codes");
        var peak = Status(agent.Pid, "VmHWM:");
        var bound = UnitMemoryHigh();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PlanProfile flood: RSS idle {idle >> 20} MiB, peak (VmHWM) {peak >> 20} MiB, after {Status(agent.Pid, "VmRSS:") >> 20} MiB; bound {bound >> 20} MiB; calls {codes}"));
        Assert.True(peak < bound, $"the agent's peak RSS under the flood was {peak >> 20} MiB, over the unit's MemoryHigh= {bound >> 20} MiB");
        Assert.True(codes.TryGetProperty("OK", out var ok) && ok.GetInt32() > 0, $"no document was planned under the flood: {codes}");
    }

    [Fact]
    public async Task A_connection_flood_by_nobody_is_capped_so_root_still_gets_status_and_drift_is_corrected()
    {
        PythonGrpc.Require();
        Prerequisite.RequireTool("setpriv");
        Prerequisite.RequireTool("prlimit");
        using var ns = new DaemonNamespace();
        using var marks = new TemporaryDirectory();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config()));
        ns.Notify.WaitFor("READY=1", Boot);
        OpenToNobody(ns);

        // The unit's descriptor limit, and more connections than it: the socket's and the metrics port's (the
        // default metrics.listen, 0.0.0.0:10910, in the test's namespace).
        var limit = UnitLimitNoFile();
        Tools.Check("prlimit", "--pid", agent.Pid.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"--nofile={limit}:{limit}"));
        var held = Path.Join(marks.Path, "held");
        var flood = Task.Run(() => PythonGrpc.Run(
            ["hold", ns.ApiSocket, limit.ToString(CultureInfo.InvariantCulture), "127.0.0.1", "10910", (limit / 4).ToString(CultureInfo.InvariantCulture), "25", held],
            netns: ns.Namespace.Name, asUser: Nobody, timeout: TimeSpan.FromMinutes(4), script: PythonGrpc.FloodScript));
        Assert.True(Poll.Until(() => File.Exists(held) || flood.IsCompleted, TimeSpan.FromMinutes(2)), "the flood never finished connecting");

        var status = PythonGrpc.Call(ns.ApiSocket, "GetStatus", timeout: 30);
        Assert.True(status.Code == "OK", status.Raw);
        var mark = agent.LineCount;
        ns.Namespace.CheckExec("ethtool", "-K", "vt0", "gro", "off");
        agent.WaitForLine("Drift: vt0 feature.rx-gro holds off, the profile wants on (correcting)", Correction, mark);
        Assert.True(Poll.Until(() => ns.Feature("vt0", "generic-receive-offload") == "on", Correction), $"gro stayed off:\n{agent.Output}");
        var descriptors = Descriptors(agent.Pid);
        var rss = Status(agent.Pid, "VmRSS:");
        Assert.False(flood.IsCompleted, "the flood ended before the correction: it proves nothing");

        var response = (await flood).Response;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"connection flood: {response}; agent descriptors {descriptors} (limit {limit}), RSS {rss >> 20} MiB, peak {Status(agent.Pid, "VmHWM:") >> 20} MiB"));
        Assert.True(descriptors <= DescriptorBound, $"the agent held {descriptors} descriptors under the flood, over {DescriptorBound}");
        Assert.DoesNotContain("Too many open files", agent.Output, StringComparison.Ordinal);
        Assert.Contains("holds 64 connections, its cap", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_open_file_limit_too_small_for_the_listeners_stops_the_start_with_exit_2()
    {
        Prerequisite.RequireTool("prlimit");
        using var ns = new DaemonNamespace();
        var config = ns.WriteConfig(ns.Config());
        var before = ns.Snapshot();

        var result = ns.Namespace.Exec(
            ["prlimit", "--nofile=200:200", NictuneBinary.Path, "run", "--config", config],
            new Dictionary<string, string?> { ["NICTUNE_PROFILE_PATH"] = ns.TestDirectory },
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 2, result.Stdout + result.Stderr);
        Assert.Contains("the open-file limit (RLIMIT_NOFILE) is 200", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
    }

    /// <summary>nobody must be able to reach the socket: the test directory is private to root otherwise.</summary>
    private static void OpenToNobody(DaemonNamespace ns) => Tools.Check("chmod", "o+x", ns.TestDirectory);

    private static long Status(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static int Descriptors(int pid) => Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;

    private static string Unit() => File.ReadAllText(Path.Join(NictuneBinary.RepoRoot, "systemd", "nictune.service"));

    /// <summary>The unit's <c>MemoryHigh=</c>, in bytes (written with an M suffix).</summary>
    private static long UnitMemoryHigh() => long.Parse(UnitValue("MemoryHigh=").TrimEnd('M'), CultureInfo.InvariantCulture) << 20;

    private static int UnitLimitNoFile() => int.Parse(UnitValue("LimitNOFILE="), CultureInfo.InvariantCulture);

    private static string UnitValue(string key) =>
        Unit().Split('\n').Single(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim();

    /// <summary>A directory any user may write into (the flood, run as nobody, leaves its mark there).</summary>
    private sealed class TemporaryDirectory : IDisposable
    {
        public TemporaryDirectory()
        {
            Path = Directory.CreateTempSubdirectory("nictune-flood-").FullName;
            Tools.Check("chmod", "0777", Path);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

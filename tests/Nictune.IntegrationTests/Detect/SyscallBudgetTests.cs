using System.Globalization;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Detect;

/// <summary>
/// The fast path's regression guard (issue 10): the system calls the real binary makes per interface, counted by
/// <c>strace -c -f</c>. A count, not a time, so a loaded machine cannot make it flaky. The cost per interface is the
/// difference between two namespaces, one with <see cref="SmallPairs"/> veth pairs and one with <see cref="LargePairs"/>,
/// divided by the difference in interfaces: what the process does once (start-up, the profile, the state directory,
/// the host's process list) cancels out. Measured at the time of writing: 6.4 per interface for detect, 6.3 for an apply
/// of auto (which leaves veths alone), 26.8 for an apply that changes every veth's features, channels and txqueuelen.
/// </summary>
public sealed class SyscallBudgetTests
{
    /// <summary>
    /// detect, and an apply that finds nothing to change on the interfaces (the issue's goal was 40; 36 while every
    /// scalar fact was a sysfs file). With the link facts from one rtnetlink dump (docs/discovery.md) a veth costs 6:
    /// its directory listed (openat, getdents64, close), then GDRVINFO, GCHANNELS for its queues and GSET for its
    /// speed. 8 leaves the runtime's occasional mprotect/madvise as the heap grows, and nothing more.
    /// </summary>
    private const int PerInterfaceBudget = 8;

    /// <summary>
    /// An apply that changes every veth: plan (one ETHTOOL_GFEATURES and one GCHANNELS per device, the txqueuelen
    /// file, and a statvfs because it will be written), one grouped write each of features and channels, the txqueuelen
    /// write, and the readback (one of each block again, the file). Before read passes, grouped channel writes and
    /// read-only checks for writes only it was 77; 56 before discovery took the link facts from rtnetlink and a veth's
    /// speed and queues from GSET and GCHANNELS, which cut 28 system calls per veth (26.8 measured).
    /// </summary>
    private const int ChangingApplyBudget = 29;

    /// <summary>An apply's fsyncs, whatever the size: the journal's content, the history record, the journal's removal.</summary>
    private const int ApplyFsyncs = 3;

    /// <summary>
    /// The first apply in a fresh state directory adds the baseline's and the stored adjustments' contents; their
    /// names, and the new history file's, become durable with the journal's removal (docs/state.md, "fsyncs"). 8 before.
    /// </summary>
    private const int FirstApplyFsyncs = 5;

    /// <summary>The profiles <c>apply --profile auto</c> reads: auto and those it extends.</summary>
    private static readonly string[] AutoChain =
        ["auto", "balanced", "passthrough-pf-throughput", "sriov-vf-throughput", "virtio-throughput", "vmxnet3-throughput"];

    private const int SmallPairs = 2;
    private const int LargePairs = 32;

    /// <summary>Every veth's features, channels (they have 4 queues) and txqueuelen differ between the two.</summary>
    private static readonly string[] SwitchingProfiles =
    [
        "name: switch-a\ndescription: every veth setting changes\ninterfaces:\n  - match: { driver: [veth] }\n    features: { tso: off, gso: off }\n    channels: { rx: 1, tx: 1 }\n    txqueuelen: 10000\n",
        "name: switch-b\ndescription: every veth setting changes back\ninterfaces:\n  - match: { driver: [veth] }\n    features: { tso: on, gso: on }\n    channels: { rx: 2, tx: 2 }\n    txqueuelen: 1000\n",
    ];

    [Fact]
    public void Detect_costs_at_most_the_budget_per_interface()
    {
        var perInterface = PerInterface(static (ns, _) => ["detect", "--json"]);

        Assert.True(perInterface <= PerInterfaceBudget, $"detect --json made {perInterface:F1} system calls per interface; the budget is {PerInterfaceBudget}");
    }

    [Fact]
    public void Apply_costs_at_most_the_budget_per_interface()
    {
        var perInterface = PerInterface(static (_, stateDir) => ["apply", "--profile", "auto", "--state-dir", stateDir, "--local"]);

        Assert.True(perInterface <= PerInterfaceBudget, $"apply --profile auto made {perInterface:F1} system calls per interface; the budget is {PerInterfaceBudget}");
    }

    [Fact]
    public void An_apply_that_changes_every_interface_costs_at_most_its_budget_per_interface()
    {
        var perInterface = PerInterface(static (_, stateDir) => ["apply", "--profile", Profile(stateDir, 0), "--state-dir", stateDir, "--local"], queues: 4);

        Assert.True(perInterface <= ChangingApplyBudget, $"an apply changing every veth made {perInterface:F1} system calls per interface; the budget is {ChangingApplyBudget}");
    }

    [Fact]
    public void An_apply_makes_three_fsyncs()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("strace");

        // The first applies also record the baseline and the driver adjustments; the third switch writes neither.
        var calls = Count(SmallPairs, static (ns, stateDir) =>
        {
            foreach (var profile in new[] { 0, 1 })
            {
                var applied = ns.Exec([NictuneBinary.Path, "apply", "--profile", Profile(stateDir, profile), "--state-dir", stateDir, "--local"], environment: null, TimeSpan.FromSeconds(60));
                Assert.True(applied.ExitCode == 0, applied.Stderr);
            }

            return ["apply", "--profile", Profile(stateDir, 0), "--state-dir", stateDir, "--local"];
        }, queues: 4);

        Assert.Equal(ApplyFsyncs, Fsyncs(calls));
    }

    [Fact]
    public void The_first_apply_in_a_fresh_state_directory_makes_five_fsyncs()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("strace");

        var calls = Count(SmallPairs, static (_, stateDir) => ["apply", "--profile", Profile(stateDir, 0), "--state-dir", stateDir, "--local"], queues: 4);

        Assert.True(Fsyncs(calls) <= FirstApplyFsyncs, $"the first apply made {Fsyncs(calls)} fsyncs; the bound is {FirstApplyFsyncs}");
    }

    [Fact]
    public void An_apply_of_auto_opens_each_profile_file_of_its_chain_once()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("strace");
        using var ns = NetNamespace.Create("nictune-sys");
        var dir = Directory.CreateTempSubdirectory("nictune-sys-");
        try
        {
            var trace = Path.Join(dir.FullName, "strace.txt");
            var stateDir = Path.Join(dir.FullName, "state");
            var result = ns.Exec(["strace", "-f", "-e", "trace=openat,open", "-o", trace, NictuneBinary.Path, "apply", "--profile", "auto", "--state-dir", stateDir, "--local"], environment: null, TimeSpan.FromSeconds(120));
            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");

            // auto and the five profiles it extends (packaging/profiles/auto.yaml), each read once.
            var opened = File.ReadLines(trace)
                .Select(line => System.Text.RegularExpressions.Regex.Match(line, "\"([^\"]*/([^/\"]+)\\.yaml)\""))
                .Where(m => m.Success)
                .GroupBy(m => m.Groups[2].Value, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            Assert.Equal(AutoChain.Order(StringComparer.Ordinal), opened.Keys.Order(StringComparer.Ordinal));
            Assert.All(opened, file => Assert.True(file.Value == 1, $"{file.Key}.yaml was opened {file.Value} times"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The NativeAOT binary binds its libc calls at link time (the csproj's DirectPInvoke): it never looks for libc
    /// beside itself, as a lazily bound first call does (two failed openat of DIR/libc.so.6, then reflection over
    /// the assemblies). The Debug build runs on the JIT, which binds lazily, so this needs the published binary.
    /// </summary>
    [Fact]
    public void The_native_binary_does_not_look_for_libc_beside_itself()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("strace");
        var directory = Path.GetDirectoryName(Path.GetFullPath(NictuneBinary.Path))!;
        Prerequisite.Require(!File.Exists(Path.Join(directory, "nictune.dll")), "the NativeAOT binary ($NICTUNE_BIN)");
        using var ns = NetNamespace.Create("nictune-sys");
        var dir = Directory.CreateTempSubdirectory("nictune-sys-");
        try
        {
            var trace = Path.Join(dir.FullName, "strace.txt");
            var result = ns.Exec(["strace", "-f", "-e", "trace=openat,open", "-o", trace, NictuneBinary.Path, "detect", "--json"], environment: null, TimeSpan.FromSeconds(120));
            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");

            var beside = $"\"{Path.Join(directory, "libc.so.6")}\"";
            Assert.DoesNotContain(File.ReadLines(trace), line => line.Contains(beside, StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static long Fsyncs(Dictionary<string, long> calls) =>
        calls.GetValueOrDefault("fsync") + calls.GetValueOrDefault("fdatasync") + calls.GetValueOrDefault("sync_file_range");

    /// <summary>Writes switching profile <paramref name="index"/> beside the state directory; its path.</summary>
    private static string Profile(string stateDir, int index)
    {
        var path = Path.Join(Path.GetDirectoryName(stateDir), $"switch-{"ab"[index]}.yaml");
        File.WriteAllText(path, SwitchingProfiles[index]);
        return path;
    }

    private static double PerInterface(Func<NetNamespace, string, string[]> verb, int queues = 1)
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("strace");
        var small = Count(SmallPairs, verb, queues)["total"];
        var large = Count(LargePairs, verb, queues)["total"];
        return (large - small) / (2.0 * (LargePairs - SmallPairs));
    }

    /// <summary>
    /// The system calls of one run of the verb, by name (and "total"), in a fresh namespace of lo and
    /// <paramref name="pairs"/> veth pairs with <paramref name="queues"/> queues each way.
    /// </summary>
    private static Dictionary<string, long> Count(int pairs, Func<NetNamespace, string, string[]> verb, int queues = 1)
    {
        using var ns = NetNamespace.Create("nictune-sys");
        var dir = Directory.CreateTempSubdirectory("nictune-sys-");
        try
        {
            var q = $"numtxqueues {queues} numrxqueues {queues}";
            var batch = string.Concat(Enumerable.Range(0, pairs).Select(i => $"link add sa{i} {q} type veth peer name sb{i} {q}\nlink set sa{i} up\nlink set sb{i} up\n"));
            var added = Tools.Run("ip", ["-n", ns.Name, "-batch", "-"], batch, environment: null);
            Assert.True(added.ExitCode == 0, added.Stderr);

            var stateDir = Path.Join(dir.FullName, "state");
            var summary = Path.Join(dir.FullName, "strace.txt");
            var result = ns.Exec(["strace", "-c", "-f", "-o", summary, NictuneBinary.Path, .. verb(ns, stateDir)], environment: null, TimeSpan.FromSeconds(120));
            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
            return Calls(File.ReadAllLines(summary));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The calls column of strace's rows: <c>100.00 0.001 1 5539 123 total</c>, errors possibly blank.</summary>
    private static Dictionary<string, long> Calls(IEnumerable<string> lines) =>
        lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 5 && long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out _) && f[0].Contains('.', StringComparison.Ordinal))
            .ToDictionary(f => f[^1], f => long.Parse(f[3], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}

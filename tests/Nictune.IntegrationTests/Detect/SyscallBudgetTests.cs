using System.Globalization;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Detect;

/// <summary>
/// The fast path's regression guard (issue 10): the system calls the real binary makes per interface, counted by
/// <c>strace -c -f</c>. A count, not a time, so a loaded machine cannot make it flaky. The cost per interface is the
/// difference between two namespaces, one with <see cref="SmallPairs"/> veth pairs and one with <see cref="LargePairs"/>,
/// divided by the difference in interfaces: what the process does once (start-up, the profile, the state directory,
/// the host's process list) cancels out. Measured at the time of writing: 34 per interface for both verbs.
/// </summary>
public sealed class SyscallBudgetTests
{
    /// <summary>The goal for one apply; detect, its first half, has the same bound.</summary>
    private const int PerInterfaceBudget = 40;

    private const int SmallPairs = 2;
    private const int LargePairs = 32;

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

    private static double PerInterface(Func<NetNamespace, string, string[]> verb)
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("strace");
        var small = Count(SmallPairs, verb);
        var large = Count(LargePairs, verb);
        return (large - small) / (2.0 * (LargePairs - SmallPairs));
    }

    /// <summary>The system calls of one run of the verb, in a fresh namespace of lo and <paramref name="pairs"/> veth pairs.</summary>
    private static long Count(int pairs, Func<NetNamespace, string, string[]> verb)
    {
        using var ns = NetNamespace.Create("nictune-sys");
        var dir = Directory.CreateTempSubdirectory("nictune-sys-");
        try
        {
            var batch = string.Concat(Enumerable.Range(0, pairs).Select(i => $"link add sa{i} type veth peer name sb{i}\nlink set sa{i} up\nlink set sb{i} up\n"));
            var added = Tools.Run("ip", ["-n", ns.Name, "-batch", "-"], batch, environment: null);
            Assert.True(added.ExitCode == 0, added.Stderr);

            var stateDir = Path.Join(dir.FullName, "state");
            var summary = Path.Join(dir.FullName, "strace.txt");
            var result = ns.Exec(["strace", "-c", "-f", "-o", summary, NictuneBinary.Path, .. verb(ns, stateDir)], environment: null, TimeSpan.FromSeconds(120));
            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
            return Total(File.ReadAllLines(summary));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The calls column of strace's "total" row: <c>100.00 0.001 1 5539 123 total</c>, errors possibly blank.</summary>
    private static long Total(IEnumerable<string> lines)
    {
        var total = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(f => f.Length >= 5 && f[^1] == "total");
        return long.Parse(total[3], CultureInfo.InvariantCulture);
    }
}

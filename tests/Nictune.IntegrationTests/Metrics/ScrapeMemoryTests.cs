using System.Globalization;
using Xunit;

namespace Nictune.IntegrationTests.Metrics;

/// <summary>
/// The daemon's GC heap holds what is live, not what scrapes leave behind (Protocol/Metrics/ScrapeHeap, bench/README.md
/// "Idle memory"): after 150 scrapes, its resident pages are read after every 50 of 400 more, and the later readings
/// stay within a bound of the least. The bound is a count of bytes, generous for a loaded machine: when each scrape's
/// promoted garbage was kept, the NativeAOT binary's heap grew by 4 to 6 MB over those readings (a Debug build's, with
/// the JIT's own allocations, less: on it this test passed before the fix as well).
/// </summary>
public sealed class ScrapeMemoryTests
{
    private const int Warmup = 150;
    private const int Scrapes = 400;
    private const int PerCurl = 50;
    private const int Pairs = 16;
    private const long AllowedGrowthKib = 1536;

    // The GC knobs the shipped binary is built with (agent/Nictune.Host/Nictune.Host.csproj, IlcArg runtimeopt), so that
    // a Debug build's runtime collects as the NativeAOT one does; the NativeAOT binary reads the same values.
    private static readonly Dictionary<string, string> ShippedGc = new(StringComparer.Ordinal)
    {
        ["DOTNET_GCgen0size"] = "80000",
        ["DOTNET_GCRegionSize"] = "80000",
    };

    [Fact]
    public void The_gc_heap_does_not_grow_with_scrapes()
    {
        // An exposition of the size bench/idle-memory.sh scrapes: 16 more veth pairs with 4 queues each way, there
        // before the agent starts (so that no link event makes it work while it is measured).
        using var ns = new MetricsAgent(mode: "observe", driftInterval: "1h", environment: ShippedGc, setUp: daemon =>
        {
            for (var i = 0; i < Pairs; i++)
            {
                daemon.Namespace.CheckExec("ip", "link", "add", $"sm{i}", "numtxqueues", "4", "numrxqueues", "4", "type", "veth", "peer", "name", $"sn{i}", "numtxqueues", "4", "numrxqueues", "4");
            }
        });

        Scrape(ns, Warmup);
        var samples = new List<long> { GcHeapResidentKib(ns.Agent.Pid) };
        for (var done = 0; done < Scrapes; done += PerCurl)
        {
            Scrape(ns, PerCurl);
            samples.Add(GcHeapResidentKib(ns.Agent.Pid));
        }

        // The later half against the least of all: the first scrapes, while the runtime's budgets adapt, swing more.
        var settled = samples.Skip(samples.Count / 2).Max();
        Assert.True(settled - samples.Min() <= AllowedGrowthKib, $"the GC heap's resident KiB after {Warmup} scrapes, then after every {PerCurl} more: {string.Join(", ", samples)}");
    }

    private static void Scrape(MetricsAgent ns, int count)
    {
        // One curl for many scrapes, each body thrown away (-o /dev/null per URL), each on a connection of its own, as
        // Prometheus's scrapes mostly are.
        var args = new List<string> { "curl", "-sSf", "-H", "Connection: close" };
        for (var i = 0; i < count; i++)
        {
            args.AddRange(["-o", "/dev/null", MetricsAgent.Url]);
        }

        var result = ns.Namespace.Namespace.Exec([.. args]);
        Assert.True(result.ExitCode == 0, $"curl exited {result.ExitCode}: {result.Stderr}\n{ns.Agent.Output}");
    }

    /// <summary>
    /// The resident KiB of the GC heap, from /proc/PID/smaps: the anonymous mappings of the largest run of adjacent
    /// anonymous mappings, which is the range the GC reserves at start and commits its regions in (as
    /// bench/idle_memory.py sorts them).
    /// </summary>
    private static long GcHeapResidentKib(int pid)
    {
        var mappings = new List<(ulong Start, ulong End, bool Anonymous, long Rss)>();
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                var range = fields[0].Split('-');
                mappings.Add((ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), fields.Length == 5, 0));
            }
            else if (fields.Length >= 2 && fields[0] == "Rss:")
            {
                mappings[^1] = mappings[^1] with { Rss = long.Parse(fields[1], CultureInfo.InvariantCulture) };
            }
        }

        (ulong Size, long Rss) largest = (0, 0), run = (0, 0);
        for (var i = 0; i < mappings.Count; i++)
        {
            var m = mappings[i];
            if (!m.Anonymous)
            {
                run = (0, 0);
                continue;
            }

            var adjacent = i > 0 && mappings[i - 1].Anonymous && mappings[i - 1].End == m.Start;
            run = adjacent ? (run.Size + (m.End - m.Start), run.Rss + m.Rss) : (m.End - m.Start, m.Rss);
            if (run.Size > largest.Size)
            {
                largest = run;
            }
        }

        return largest.Rss;
    }
}

using Nictune.Linux.Tuning;
using Xunit;

namespace Nictune.Tests.Linux.Tuning;

public sealed class LinuxHostFactsReaderTests
{
    [Fact]
    public void Reads_online_cpus_and_finds_irqbalance_by_comm()
    {
        using var fixture = new FixtureRoot()
            .With("/sys/devices/system/cpu/online", "0-2,4\n")
            .With("/proc/1/comm", "systemd\n")
            .With("/proc/733/comm", "irqbalance\n")
            .With("/proc/self/comm", "irqbalance\n");

        var facts = new LinuxHostFactsReader(fixture.Root).Read();

        Assert.Equal([0, 1, 2, 4], facts.OnlineCpus);
        Assert.True(facts.IrqBalanceRunning);
    }

    [Fact]
    public void No_irqbalance_and_no_cpulist_in_a_fixture_tree()
    {
        using var fixture = new FixtureRoot()
            .With("/proc/1/comm", "systemd\n")
            .With("/proc/42/comm", "irqbalance2\n")
            .With("/proc/irqbalance/comm", "irqbalance\n");

        var facts = new LinuxHostFactsReader(fixture.Root).Read();

        Assert.Empty(facts.OnlineCpus);
        Assert.False(facts.IrqBalanceRunning);
    }

    [Fact]
    public void The_live_online_cpus_are_as_many_as_getconf_counts()
    {
        Nictune.Testing.Prerequisite.RequireTool("getconf");
        var online = int.Parse(Nictune.Testing.Tools.Check("getconf", "_NPROCESSORS_ONLN").Trim(), System.Globalization.CultureInfo.InvariantCulture);

        var cpus = new LinuxHostFactsReader(Nictune.Linux.IO.SystemRoot.Live).ReadOnlineCpus();

        Assert.Equal(online, cpus.Count);
        Assert.Equal(cpus.Order(), cpus);
    }

    [Fact]
    public void MemTotal_comes_from_proc_meminfo_in_kB()
    {
        using var fixture = new FixtureRoot()
            .With("/proc/meminfo", "MemTotal:        4028124 kB\nMemFree:          123456 kB\n");

        Assert.Equal(4028124, new LinuxHostFactsReader(fixture.Root).Read().MemTotalKiB);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("MemFree: 1 kB\n")]
    [InlineData("MemTotal: lots kB\n")]
    [InlineData("MemTotal: -5 kB\n")]
    public void A_missing_or_unreadable_MemTotal_is_unknown(string? meminfo)
    {
        using var fixture = new FixtureRoot();
        if (meminfo is not null)
        {
            fixture.With("/proc/meminfo", meminfo);
        }

        Assert.Null(new LinuxHostFactsReader(fixture.Root).ReadMemTotalKiB());
    }

    [Fact]
    public void The_live_MemTotal_is_what_free_reports()
    {
        Nictune.Testing.Prerequisite.RequireTool("free");
        var line = Nictune.Testing.Tools.Check("free", "-k").Split('\n').Single(l => l.StartsWith("Mem:", StringComparison.Ordinal));
        var total = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(total, new LinuxHostFactsReader(Nictune.Linux.IO.SystemRoot.Live).ReadMemTotalKiB());
    }
}

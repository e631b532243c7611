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
}

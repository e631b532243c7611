using Nictune.Core.Model;
using Nictune.Linux.Sysfs;
using Xunit;

namespace Nictune.Tests.Linux;

public sealed class SysfsParsingTests
{
    [Theory]
    [InlineData("0", 1)]
    [InlineData("0-3", 4)]
    [InlineData("0-3,8,10-11\n", 7)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("3-1", null)]
    [InlineData("x", null)]
    public void Counts_cpulists(string? text, int? expected)
    {
        Assert.Equal(expected, CpuList.Count(text));
    }

    [Theory]
    [InlineData("processor\t: 0\nflags\t\t: fpu vme hypervisor lahf_lm\n", true)]
    [InlineData("processor\t: 0\nflags\t\t: fpu vme lahf_lm\n\nprocessor\t: 1\nflags\t\t: fpu hypervisor\n", false)]
    [InlineData("processor\t: 0\nvmx flags\t: hypervisor\nflags\t\t: fpu\n", false)]
    [InlineData("processor : 0\nFeatures : fp asimd\n", false)]
    [InlineData(null, false)]
    public void Reads_the_cpuinfo_hypervisor_flag(string? cpuinfo, bool expected)
    {
        Assert.Equal(expected, HypervisorEvidenceReader.HasHypervisorFlag(cpuinfo));
    }

    [Theory]
    [InlineData("0x15ad", 0x15ad)]
    [InlineData("0x020000", 0x020000)]
    [InlineData("07B0", 0x07b0)]
    [InlineData("", null)]
    [InlineData("0xzz", null)]
    public void Parses_sysfs_hex(string text, int? expected)
    {
        Assert.Equal(expected, PciFunctionReader.ParseHex(text));
    }
}

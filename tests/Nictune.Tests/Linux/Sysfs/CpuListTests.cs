using Nictune.Linux.Sysfs;
using Xunit;

namespace Nictune.Tests.Linux.Sysfs;

public sealed class CpuListTests
{
    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-3", new[] { 0, 1, 2, 3 })]
    [InlineData("0-1,4,6-7\n", new[] { 0, 1, 4, 6, 7 })]
    [InlineData("5,1-2,2", new[] { 1, 2, 5 })]
    [InlineData("", new int[0])]
    public void Parses_the_kernel_cpulist_form(string text, int[] expected)
    {
        Assert.True(CpuList.TryParse(text, out var cpus));
        Assert.Equal(expected, cpus);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("3-1")]
    [InlineData("1,,2")]
    [InlineData("-1")]
    [InlineData("0-")]
    [InlineData("ff")]
    public void Rejects_anything_else(string text) => Assert.False(CpuList.TryParse(text, out _));

    [Fact]
    public void Formats_with_ranges() => Assert.Equal("0-2,5,7-8", CpuList.Format([8, 0, 1, 2, 5, 7]));
}

using Nictune.Core.Model;
using Xunit;

namespace Nictune.Tests.Model;

public sealed class CpuListTests
{
    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-3,8", new[] { 0, 1, 2, 3, 8 })]
    [InlineData("8,0-1,1", new[] { 0, 1, 8 })]
    [InlineData("5-5", new[] { 5 })]
    [InlineData("8191", new[] { 8191 })]
    public void Parses_kernel_cpulists(string text, int[] cpus)
    {
        Assert.True(CpuList.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(cpus, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(",")]
    [InlineData("1,")]
    [InlineData("3-1")]
    [InlineData("-1")]
    [InlineData("1-")]
    [InlineData(" 1")]
    [InlineData("+1")]
    [InlineData("0x3")]
    [InlineData("0-15:2/4")]
    [InlineData("8192")]
    [InlineData("99999999999")]
    public void Refuses_anything_else(string? text)
    {
        Assert.False(CpuList.TryParse(text, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Formats_with_ranges() => Assert.Equal("0-2,5,7-8", CpuList.Format([8, 0, 1, 2, 5, 7]));

    [Fact]
    public void Formats_no_cpus_as_the_empty_string() => Assert.Equal(string.Empty, CpuList.Format([]));
}

using Nictune.Core.Planning;
using Xunit;

namespace Nictune.Tests.Planning;

public sealed class CpuSetTests
{
    [Theory]
    [InlineData("0-3", "f", "0-3")]
    [InlineData("0-3,8", "10f", "0-3,8")]
    [InlineData("32", "1,00000000", "32")]
    [InlineData("0,33", "2,00000001", "0,33")]
    [InlineData("", "0", "")]
    [InlineData("5,1-2", "26", "1-2,5")]
    public void Cpulists_convert_to_the_mask_form_sysfs_takes(string list, string mask, string canonicalList)
    {
        Assert.True(CpuSet.TryParseList(list, out var set));
        Assert.Equal(mask, set.ToMask());
        Assert.Equal(canonicalList, set.ToList());
    }

    [Theory]
    [InlineData("0000000f", "0-3")]
    [InlineData("00000000,0000000f", "0-3")]
    [InlineData("1,00000000", "32")]
    [InlineData("100000000", "32")]
    [InlineData("00", "")]
    [InlineData("ff", "0-7")]
    public void Masks_parse_with_or_without_padding_and_commas(string mask, string list)
    {
        Assert.True(CpuSet.TryParseMask(mask, out var set));
        Assert.Equal(list, set.ToList());
    }

    [Theory]
    [InlineData("0-")]
    [InlineData("3-1")]
    [InlineData("a")]
    public void Bad_cpulists_are_rejected(string list) => Assert.False(CpuSet.TryParseList(list, out _));

    [Fact]
    public void Bad_masks_are_rejected() => Assert.False(CpuSet.TryParseMask("fg", out _));
}

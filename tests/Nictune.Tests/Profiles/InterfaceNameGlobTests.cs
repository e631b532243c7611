using Nictune.Core.Profiles;
using Xunit;

namespace Nictune.Tests.Profiles;

public sealed class InterfaceNameGlobTests
{
    [Theory]
    [InlineData("eth0", "eth0", true)]
    [InlineData("eth0", "eth1", false)]
    [InlineData("eth*", "eth0", true)]
    [InlineData("eth*", "eth", true)]
    [InlineData("eth*", "ens3", false)]
    [InlineData("vt*", "vt-a", true)]
    [InlineData("*", "lo", true)]
    [InlineData("e*0", "eth10", true)]
    [InlineData("e*0", "eth01", false)]
    [InlineData("eth?", "eth1", true)]
    [InlineData("eth?", "eth12", false)]
    [InlineData("eth[0-3]", "eth2", true)]
    [InlineData("eth[0-3]", "eth4", false)]
    [InlineData("eth[!0-3]", "eth4", true)]
    [InlineData("eth[!0-3]", "eth1", false)]
    [InlineData("ens[]]", "ens]", true)]
    [InlineData("Eth0", "eth0", false)]
    public void Matches_like_fnmatch(string pattern, string name, bool expected)
    {
        Assert.Null(InterfaceNameGlob.Validate(pattern));
        Assert.Equal(expected, InterfaceNameGlob.IsMatch(pattern, name));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("eth[0", "not closed")]
    [InlineData("a/b", "'/'")]
    [InlineData("a b", "whitespace")]
    public void Refuses_invalid_patterns(string pattern, string reason)
    {
        Assert.Contains(reason, InterfaceNameGlob.Validate(pattern), StringComparison.Ordinal);
    }
}

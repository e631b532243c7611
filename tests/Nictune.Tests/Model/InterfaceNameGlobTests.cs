using Nictune.Core.Model;
using Xunit;

namespace Nictune.Tests.Model;

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

    /// <summary>The cases the planner's rule matching relies on.</summary>
    [Theory]
    [InlineData("eth*", "eth0", true)]
    [InlineData("eth*", "ens192", false)]
    [InlineData("ens?92", "ens192", true)]
    [InlineData("eth[0-1]", "eth1", true)]
    [InlineData("eth[0-1]", "eth2", false)]
    [InlineData("eth[!0]", "eth0", false)]
    [InlineData("eth[!0]", "eth3", true)]
    [InlineData("*", "lo", true)]
    [InlineData("e*h*0", "enp3s0eth0", true)]
    [InlineData("eth0", "eth0", true)]
    [InlineData("eth0", "eth00", false)]
    public void Matches_like_a_shell(string pattern, string name, bool expected) => Assert.Equal(expected, InterfaceNameGlob.IsMatch(pattern, name));
}

using Nictune.Core.Planning;
using Xunit;

namespace Nictune.Tests.Planning;

public sealed class GlobTests
{
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
    [InlineData("eth[", "eth[", true)]
    public void Matches_like_a_shell(string pattern, string name, bool expected) => Assert.Equal(expected, Glob.IsMatch(pattern, name));
}

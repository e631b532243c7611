using Nictune.Core.Model;
using Nictune.Host.Daemon.Configuration;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

public sealed class AgentDurationTests
{
    [Theory]
    [InlineData("90", 90_000)]
    [InlineData("60s", 60_000)]
    [InlineData("5m", 300_000)]
    [InlineData("5min", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1h 30m", 5_400_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("250ms", 250)]
    public void Parses_what_people_write(string text, long milliseconds)
    {
        Assert.True(AgentDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("1.5m")]
    [InlineData("5 m")]
    [InlineData("5w")]
    [InlineData("99999999999999999999d")]
    public void Rejects_anything_else(string? text)
    {
        Assert.False(AgentDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData("eth*", "eth0", true)]
    [InlineData("eth*", "eth", true)]
    [InlineData("eth*", "veth0", false)]
    [InlineData("*eth*", "veth0", true)]
    [InlineData("ens?", "ens5", true)]
    [InlineData("ens?", "ens10", false)]
    [InlineData("e*0", "eth10", true)]
    [InlineData("e*0", "eth01", false)]
    [InlineData("*", "anything", true)]
    public void Globs_match_like_the_shell(string pattern, string name, bool matches)
    {
        Assert.True(InterfaceGlob.TryCreate(pattern, out var glob, out _));
        Assert.Equal(matches, glob!.Matches(name));
    }
}

using Nictune.Core.Profiles;
using Xunit;

namespace Nictune.Tests.Profiles;

/// <summary>Issue 9 §9: exact sysctl values of the keys we ship are checked by type when the profile is read.</summary>
public sealed class SysctlValueTypeTests
{
    [Theory]
    [InlineData("net.core.somaxconn", "-5")]
    [InlineData("net.core.somaxconn", "1e3")]
    [InlineData("net.core.somaxconn", "yes")]
    [InlineData("net.core.somaxconn", "4294967296")]
    [InlineData("net.core.somaxconn", "0x10")]
    [InlineData("net.ipv4.tcp_slow_start_after_idle", "2")]
    [InlineData("net.ipv4.tcp_rmem", "4096 87380")]
    [InlineData("net.ipv4.tcp_rmem", "4096 87380 lots")]
    [InlineData("vm.min_free_kbytes", "-1")]
    public void A_value_the_kernel_would_refuse_is_a_profile_error(string key, string value)
    {
        var e = Assert.Throws<ProfileException>(() => ProfileParser.Parse($"name: t\nsysctl:\n  {key}: \"{value}\"\n", "t.yaml"));

        var error = Assert.Single(e.Errors);
        Assert.Equal($"sysctl.{key}", error.Field);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("expected ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_four_thousand_digit_number_is_refused_and_quoted_truncated()
    {
        var e = Assert.Throws<ProfileException>(() => ProfileParser.Parse($"name: t\nsysctl:\n  net.core.netdev_max_backlog: {new string('9', 4000)}\n", "t.yaml"));

        Assert.True(e.Message.Length < 300, e.Message);
    }

    [Fact]
    public void A_floor_is_checked_by_type_too()
    {
        var e = Assert.Throws<ProfileException>(() => ProfileParser.Parse("name: t\nsysctl:\n  net.core.somaxconn: { at-least: 99999999999 }\n", "t.yaml"));

        Assert.Equal("sysctl.net.core.somaxconn.at-least", Assert.Single(e.Errors).Field);
    }

    [Theory]
    [InlineData("net.core.somaxconn", "4096")]
    [InlineData("net.ipv4.tcp_rmem", "4096\t131072 16777216")]
    [InlineData("net.ipv4.tcp_notsent_lowat", "4294967295")]
    [InlineData("net.ipv4.tcp_congestion_control", "bbr")]
    public void Values_of_the_right_type_and_keys_of_unknown_type_pass(string key, string value)
    {
        var profile = ProfileParser.Parse($"name: t\nsysctl:\n  {key}: \"{value}\"\n", "t.yaml");

        Assert.Equal(value, profile.Sysctl[key]);
    }
}

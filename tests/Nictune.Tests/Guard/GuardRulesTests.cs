using Nictune.Core.Guard;
using Xunit;

namespace Nictune.Tests.Guard;

public sealed class GuardRulesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static GuardBefore Before(bool carrier, bool resets = true, bool rising = false) =>
        new(new GuardTarget("eth0", resets), new LinkSample(carrier, 100), rising, []);

    [Fact]
    public void A_carrier_that_was_up_and_is_down_waits_within_the_bound_and_fails_after_it_with_evidence()
    {
        var down = new LinkSample(false, 100);

        Assert.Null(GuardRules.Link(Before(true), down, TimeSpan.FromSeconds(9.9), Bound, out var settled));
        Assert.False(settled);

        var failed = GuardRules.Link(Before(true), down, Bound, Bound, out settled);
        Assert.True(settled);
        Assert.NotNull(failed);
        Assert.Equal(("eth0", GuardChecks.Link), (failed.Interface, failed.Check));
        Assert.Contains("carrier still down 10.0s after a change that resets the link", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("bound 10.0s", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_carrier_back_up_a_carrier_down_before_the_change_and_a_gone_interface_pass()
    {
        Assert.Null(GuardRules.Link(Before(true), new LinkSample(true, 1), Bound * 2, Bound, out var settled));
        Assert.True(settled);
        Assert.Null(GuardRules.Link(Before(false), new LinkSample(false, 1), Bound * 2, Bound, out settled));
        Assert.True(settled);
        Assert.Null(GuardRules.Link(Before(true), null, Bound * 2, Bound, out settled));
        Assert.True(settled);
    }

    [Fact]
    public void A_change_that_does_not_reset_the_link_is_still_failed_when_the_carrier_goes_and_says_so()
    {
        var failed = GuardRules.Link(Before(true, resets: false), new LinkSample(false, 1), Bound, Bound, out _);
        Assert.NotNull(failed);
        Assert.Contains("after the change (it was up before", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Rx_packets_must_keep_rising_only_when_they_rose_before_the_change()
    {
        var window = TimeSpan.FromSeconds(2);
        var failed = GuardRules.Counters(Before(true, rising: true), 500, 500, window);
        Assert.NotNull(failed);
        Assert.Equal(GuardChecks.Counters, failed.Check);
        Assert.Contains("500 then 500 over 2.0s", failed.Detail, StringComparison.Ordinal);

        Assert.Null(GuardRules.Counters(Before(true, rising: true), 500, 501, window));
        Assert.Null(GuardRules.Counters(Before(true, rising: false), 500, 500, window));
        Assert.Null(GuardRules.Counters(Before(true, rising: true), null, 500, window));
    }

    [Fact]
    public void Rose_needs_two_readable_counters_the_second_higher()
    {
        Assert.True(GuardRules.Rose(new LinkSample(true, 1), new LinkSample(true, 2)));
        Assert.False(GuardRules.Rose(new LinkSample(true, 2), new LinkSample(true, 2)));
        Assert.False(GuardRules.Rose(new LinkSample(true, null), new LinkSample(true, 2)));
        Assert.False(GuardRules.Rose(null, new LinkSample(true, 2)));
    }

    [Theory]
    [InlineData("192.0.2.1:22", "192.0.2.1:22")]
    [InlineData("[2001:db8::1]:443", "[2001:db8::1]:443")]
    public void A_probe_is_an_ip_address_and_a_port(string text, string expected) =>
        Assert.Equal(expected, GuardProbe.TryParse(text)?.ToString());

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("192.0.2.1:0")]
    [InlineData("192.0.2.1:70000")]
    [InlineData("gateway.example:22")]
    [InlineData("2001:db8::1")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_probe(string? text) => Assert.Null(GuardProbe.TryParse(text));
}

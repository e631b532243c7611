using Nictune.Linux.Systemd;
using Xunit;

namespace Nictune.Tests.Linux;

/// <summary>The watchdog contract systemd passes in WATCHDOG_USEC/WATCHDOG_PID, which the hosting library does not read.</summary>
public sealed class SdWatchdogTests
{
    [Theory]
    [InlineData("30000000", null, 15_000)]
    [InlineData("30000000", "SELF", 15_000)]
    [InlineData("1000", null, 0.5)]
    public void Watchdog_pings_at_half_the_timeout(string usec, string? pid, double expectedMs)
    {
        var ours = 4242;
        var interval = SdWatchdog.PingInterval(usec, pid == "SELF" ? "4242" : pid, ours);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), interval);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("soon", null)]
    [InlineData("30000000", "1")]
    [InlineData("30000000", "not-a-pid")]
    public void No_watchdog_when_unset_invalid_or_meant_for_another_process(string? usec, string? pid)
    {
        Assert.Null(SdWatchdog.PingInterval(usec, pid, ourPid: 4242));
    }
}

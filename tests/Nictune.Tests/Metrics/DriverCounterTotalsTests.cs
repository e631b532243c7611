using Nictune.Core.Statistics;
using Xunit;

namespace Nictune.Tests.Metrics;

/// <summary>The one rule the metrics and adaptive rings share for a device's value of each driver counter family.</summary>
public sealed class DriverCounterTotalsTests
{
    [Fact]
    public void A_device_wide_statistic_wins_over_its_queues_and_queues_are_summed_when_there_is_none()
    {
        MappedStatistic[] mapped =
        [
            new(0, DriverCounter.RxOutOfBuffer, null),
            new(1, DriverCounter.RxOutOfBuffer, 0),
            new(2, DriverCounter.TxRingFull, 0),
            new(3, DriverCounter.TxRingFull, 1),
            new(9, DriverCounter.RxDriverDropped, 0),
        ];

        var totals = DriverCounterTotals.Of(mapped, [70, 9, 4, 5]);

        Assert.Equal(70UL, totals[DriverCounter.RxOutOfBuffer]);
        Assert.Equal(9UL, totals[DriverCounter.TxRingFull]);
        // An index past the values (the table changed under the mapping) is skipped, not counted as zero.
        Assert.False(totals.ContainsKey(DriverCounter.RxDriverDropped));
    }
}

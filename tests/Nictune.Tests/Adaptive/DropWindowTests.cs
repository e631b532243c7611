using Nictune.Core.Adaptive;
using Xunit;

namespace Nictune.Tests.Adaptive;

public sealed class DropWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_rate_is_the_larger_of_the_driver_counter_and_the_link_counters_never_their_sum()
    {
        // mlx5 folds rx_out_of_buffer into rx_missed_errors: the same drops in both counters.
        var window = new DropWindow();
        for (var i = 0; i <= 10; i++)
        {
            window.Add(new DropSample(Start.AddSeconds(i * 10), RxPackets: i * 10_000, RxMissed: i * 100, RxFifo: 0, OutOfBuffer: i * 100), TimeSpan.FromSeconds(100));
        }

        var rate = window.Rate(TimeSpan.FromSeconds(100))!.Value;

        Assert.Equal(10, rate.PerSecond, precision: 6);
        Assert.Equal(1000.0 / 101_000, rate.Fraction, precision: 9);
        Assert.Equal(TimeSpan.FromSeconds(100), rate.Span);
    }

    [Fact]
    public void The_window_slides_and_stays_bounded()
    {
        var window = new DropWindow();
        for (var i = 0; i < 5000; i++)
        {
            window.Add(new DropSample(Start.AddSeconds(i), i, i, 0, null), TimeSpan.FromHours(2));
        }

        Assert.Equal(DropWindow.Capacity, window.Count);

        var sliding = new DropWindow();
        for (var i = 0; i < 100; i++)
        {
            sliding.Add(new DropSample(Start.AddSeconds(i), i, i, 0, null), TimeSpan.FromSeconds(10));
        }

        Assert.Equal(11, sliding.Count);
        Assert.Equal(Start.AddSeconds(89), sliding.Oldest!.Value.Time);
    }

    [Fact]
    public void Samples_out_of_order_are_ignored()
    {
        var window = new DropWindow();
        window.Add(new DropSample(Start.AddSeconds(10), 10, 10, 0, null), TimeSpan.FromMinutes(1));
        window.Add(new DropSample(Start, 0, 0, 0, null), TimeSpan.FromMinutes(1));

        Assert.Equal(1, window.Count);
    }
}

using Nictune.Core.Adaptive;
using Xunit;

namespace Nictune.Tests.Adaptive;

/// <summary>The decision on a synthetic counter feed (docs/adaptive.md).</summary>
public sealed class AdaptiveControllerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private static AdaptivePolicy Policy(AdaptiveMode mode = AdaptiveMode.Suggest, bool allowLinkReset = false, int budget = 4) =>
        AdaptivePolicy.Default with { Mode = mode, AllowLinkReset = allowLinkReset, ChangesPerHour = budget };

    private static RingDevice Mlx5(long rx = 1024, string name = "eth0") => new(name, "mlx5_core", 1500, rx, 8192);

    private static RingDevice Vmxnet3(long rx = 1024) => new("eth0", "vmxnet3", 1500, rx, 4096);

    private static readonly AdaptiveContext Enforce = new(Observe: false, TransactionRunning: false);

    [Fact]
    public void Sustained_drops_above_both_thresholds_over_a_full_window_give_one_suggestion_with_the_profile_line()
    {
        var controller = new AdaptiveController(Policy());
        var feed = new SyntheticFeed(controller, "eth0", Start);

        var now = feed.Run(Window, dropsPerSecond: 50);
        var verdict = Assert.Single(controller.Decide(now, [Mlx5()], Enforce));

        Assert.Equal((AdaptiveAction.Suggest, 1024L, 2048L), (verdict.Action, verdict.Current, verdict.Target));
        Assert.Equal("ring: { rx: 2048 }", verdict.ProfileLine);
        Assert.InRange(verdict.Rate.PerSecond, 49, 51);
        Assert.Contains("suggest mode", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal([verdict], controller.Suggestions);
    }

    [Fact]
    public void Nothing_is_decided_before_the_samples_cover_the_window()
    {
        var controller = new AdaptiveController(Policy());
        var feed = new SyntheticFeed(controller, "eth0", Start);

        var now = feed.Run(Window - TimeSpan.FromSeconds(30), dropsPerSecond: 1000);

        Assert.Empty(controller.Decide(now, [Mlx5()], Enforce));
    }

    [Theory]
    [InlineData(5, 100_000)]        // below 10 drops/s
    [InlineData(50, 100_000_000)]   // 50/s, but 5e-7 of the packets: below the fraction
    public void Drops_below_either_threshold_give_nothing(double drops, double packets)
    {
        var controller = new AdaptiveController(Policy());
        var feed = new SyntheticFeed(controller, "eth0", Start);

        var now = feed.Run(Window * 2, drops, packets);

        Assert.Empty(controller.Decide(now, [Mlx5()], Enforce));
    }

    [Fact]
    public void A_burst_that_stopped_halfway_through_the_window_is_not_sustained()
    {
        // 200/s for the first half averages 100/s over the window, well above 10/s: only the halves tell it apart.
        var controller = new AdaptiveController(Policy());
        var feed = new SyntheticFeed(controller, "eth0", Start);

        feed.Run(Window / 2, dropsPerSecond: 200);
        var now = feed.Run(Window / 2 + feed.Interval, dropsPerSecond: 0);

        Assert.Empty(controller.Decide(now, [Mlx5()], Enforce));
    }

    [Fact]
    public void The_link_counters_count_when_the_driver_has_no_out_of_buffer_counter()
    {
        var controller = new AdaptiveController(Policy());
        var feed = new SyntheticFeed(controller, "eth0", Start) { DriverCounter = false };

        var now = feed.Run(Window, dropsPerSecond: 50);

        Assert.Equal(AdaptiveAction.Suggest, Assert.Single(controller.Decide(now, [new RingDevice("eth0", "ena", 9001, 1024, 16384)], Enforce)).Action);
    }

    [Fact]
    public void A_counter_reset_starts_the_window_again()
    {
        var controller = new AdaptiveController(Policy());
        var feed = new SyntheticFeed(controller, "eth0", Start);
        feed.Run(Window, dropsPerSecond: 50);

        feed.ResetCounters();
        var now = feed.Run(TimeSpan.FromMinutes(1), dropsPerSecond: 50);

        Assert.Empty(controller.Decide(now, [Mlx5()], Enforce));
    }

    [Fact]
    public void A_suggestion_is_made_once_per_cooldown()
    {
        var controller = new AdaptiveController(Policy());
        var feed = new SyntheticFeed(controller, "eth0", Start);
        Assert.Single(controller.Decide(feed.Run(Window, 50), [Mlx5()], Enforce));

        Assert.Empty(controller.Decide(feed.Run(TimeSpan.FromMinutes(30), 50), [Mlx5()], Enforce));
        Assert.Single(controller.Decide(feed.Run(TimeSpan.FromMinutes(31), 50), [Mlx5()], Enforce));
    }

    [Fact]
    public void Apply_mode_grows_the_ring_and_then_waits_out_the_cooldown()
    {
        var controller = new AdaptiveController(Policy(AdaptiveMode.Apply));
        var feed = new SyntheticFeed(controller, "eth0", Start);

        var now = feed.Run(Window, 50);
        var verdict = Assert.Single(controller.Decide(now, [Mlx5()], Enforce));
        Assert.Equal((AdaptiveAction.Apply, 2048L), (verdict.Action, verdict.Target));
        controller.Completed("eth0", 2048, AdaptiveOutcome.Applied, now);

        // Drops fall to a third: helping, but still above the threshold. No second step inside the cooldown.
        now = feed.Run(TimeSpan.FromMinutes(50), 15);
        Assert.Empty(controller.Decide(now, [Mlx5(2048)], Enforce));

        now = feed.Run(TimeSpan.FromMinutes(11), 15);
        var second = Assert.Single(controller.Decide(now, [Mlx5(2048)], Enforce));
        Assert.Equal((AdaptiveAction.Apply, 2048L, 4096L), (second.Action, second.Current, second.Target));
    }

    [Fact]
    public void A_ring_changed_by_someone_else_restarts_the_cooldown_and_the_window()
    {
        var controller = new AdaptiveController(Policy(AdaptiveMode.Apply));
        var feed = new SyntheticFeed(controller, "eth0", Start);
        Assert.Empty(controller.Decide(feed.Run(TimeSpan.FromMinutes(1), 50), [Mlx5()], Enforce));

        // A profile apply set 2048 between two decisions.
        Assert.Empty(controller.Decide(feed.Run(Window, 50), [Mlx5(2048)], Enforce));
        Assert.Empty(controller.Decide(feed.Run(Window + feed.Interval, 50), [Mlx5(2048)], Enforce));
    }

    [Fact]
    public void A_growth_that_does_not_bring_drops_down_is_not_helping_and_stops_further_steps()
    {
        var controller = new AdaptiveController(Policy(AdaptiveMode.Apply));
        var feed = new SyntheticFeed(controller, "eth0", Start);
        var now = feed.Run(Window, 50);
        Assert.Equal(AdaptiveAction.Apply, Assert.Single(controller.Decide(now, [Mlx5()], Enforce)).Action);
        controller.Completed("eth0", 2048, AdaptiveOutcome.Applied, now);

        now = feed.Run(Window + feed.Interval, 45);
        var verdict = Assert.Single(controller.Decide(now, [Mlx5(2048)], Enforce));
        Assert.Equal(AdaptiveAction.NotHelping, verdict.Action);
        Assert.Contains("did not fall", verdict.Reason, StringComparison.Ordinal);

        // Long past the cooldown: still nothing, until the operator changes the profile.
        now = feed.Run(TimeSpan.FromHours(2), 45);
        Assert.Empty(controller.Decide(now, [Mlx5(2048)], Enforce));
        controller.ProfileChanged();
        Assert.Equal(AdaptiveAction.Apply, Assert.Single(controller.Decide(now, [Mlx5(2048)], Enforce)).Action);
    }

    [Theory]
    [InlineData(AdaptiveOutcome.ReadBackFailed)]
    [InlineData(AdaptiveOutcome.Failed)]
    public void A_growth_that_failed_is_set_aside_for_the_device_until_the_profile_changes(AdaptiveOutcome outcome)
    {
        var controller = new AdaptiveController(Policy(AdaptiveMode.Apply));
        var feed = new SyntheticFeed(controller, "eth0", Start);
        var now = feed.Run(Window, 50);
        Assert.Single(controller.Decide(now, [Mlx5()], Enforce));
        controller.Completed("eth0", 1024, outcome, now);

        now = feed.Run(TimeSpan.FromHours(3), 50);
        Assert.Empty(controller.Decide(now, [Mlx5()], Enforce));

        controller.ProfileChanged();
        Assert.Single(controller.Decide(now, [Mlx5()], Enforce));
    }

    [Fact]
    public void The_ring_at_its_maximum_is_reported_once_and_never_grown()
    {
        var controller = new AdaptiveController(Policy(AdaptiveMode.Apply));
        var feed = new SyntheticFeed(controller, "eth0", Start);

        var verdict = Assert.Single(controller.Decide(feed.Run(Window, 50), [Mlx5(8192)], Enforce));
        Assert.Equal((AdaptiveAction.AtMaximum, (long?)null), (verdict.Action, verdict.Target));
        Assert.Contains("nothing is left to grow", verdict.Reason, StringComparison.Ordinal);
        Assert.Empty(controller.Decide(feed.Run(TimeSpan.FromHours(2), 50), [Mlx5(8192)], Enforce));
    }

    [Theory]
    [InlineData(512L)]
    [InlineData(1024L)]
    [InlineData(4000L)]
    [InlineData(4096L)]
    public void A_verdict_never_shrinks_a_ring(long current)
    {
        var controller = new AdaptiveController(Policy(AdaptiveMode.Apply, allowLinkReset: true));
        var feed = new SyntheticFeed(controller, "eth0", Start);

        foreach (var verdict in controller.Decide(feed.Run(Window, 500), [Vmxnet3(current)], Enforce))
        {
            Assert.True(verdict.Target is null || verdict.Target > verdict.Current, $"{verdict}");
        }
    }

    [Fact]
    public void On_a_driver_that_resets_the_link_apply_needs_allow_link_reset_and_otherwise_suggests_why()
    {
        var guarded = new AdaptiveController(Policy(AdaptiveMode.Apply));
        var allowed = new AdaptiveController(Policy(AdaptiveMode.Apply, allowLinkReset: true));
        var now = new SyntheticFeed(guarded, "eth0", Start).Run(Window, 50);
        new SyntheticFeed(allowed, "eth0", Start).Run(Window, 50);

        var suggestion = Assert.Single(guarded.Decide(now, [Vmxnet3()], Enforce));
        var change = Assert.Single(allowed.Decide(now, [Vmxnet3()], Enforce));

        Assert.Equal(AdaptiveAction.Suggest, suggestion.Action);
        Assert.Contains("vmxnet3 quiesces and resets the device", suggestion.Reason, StringComparison.Ordinal);
        Assert.Contains("allow-link-reset: true", suggestion.Reason, StringComparison.Ordinal);
        Assert.Equal((AdaptiveAction.Apply, 2048L), (change.Action, change.Target));
    }

    [Fact]
    public void Observe_mode_always_wins_over_apply()
    {
        var controller = new AdaptiveController(Policy(AdaptiveMode.Apply, allowLinkReset: true));
        var now = new SyntheticFeed(controller, "eth0", Start).Run(Window, 50);

        var verdict = Assert.Single(controller.Decide(now, [Mlx5()], Enforce with { Observe = true }));

        Assert.Equal(AdaptiveAction.Suggest, verdict.Action);
        Assert.Contains("observe mode", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Off_decides_nothing()
    {
        var controller = new AdaptiveController(Policy(AdaptiveMode.Off));
        var now = new SyntheticFeed(controller, "eth0", Start).Run(Window, 500);

        Assert.Empty(controller.Decide(now, [Mlx5()], Enforce));
    }

    [Fact]
    public void No_change_while_another_transaction_runs()
    {
        var controller = new AdaptiveController(Policy(AdaptiveMode.Apply));
        var now = new SyntheticFeed(controller, "eth0", Start).Run(Window, 50);

        Assert.Empty(controller.Decide(now, [Mlx5()], Enforce with { TransactionRunning = true }));
        Assert.Single(controller.Decide(now, [Mlx5()], Enforce));
    }

    [Fact]
    public void One_device_at_a_time_and_a_global_budget_per_hour()
    {
        var controller = new AdaptiveController(Policy(AdaptiveMode.Apply, budget: 2));
        var names = new[] { "eth0", "eth1", "eth2" };
        var feeds = names.Select(n => new SyntheticFeed(controller, n, Start)).ToList();
        var now = feeds.Select(f => f.Run(Window, 50)).Max();
        RingDevice[] devices = [.. names.Select(n => Mlx5(name: n))];

        var first = Assert.Single(controller.Decide(now, devices, Enforce));
        Assert.Equal(("eth0", AdaptiveAction.Apply), (first.Device, first.Action));
        controller.Completed("eth0", 2048, AdaptiveOutcome.Applied, now);
        devices[0] = Mlx5(2048, "eth0");

        var second = Assert.Single(controller.Decide(now, devices, Enforce));
        Assert.Equal(("eth1", AdaptiveAction.Apply), (second.Device, second.Action));
        controller.Completed("eth1", 2048, AdaptiveOutcome.Applied, now);
        devices[1] = Mlx5(2048, "eth1");

        var third = Assert.Single(controller.Decide(now, devices, Enforce));
        Assert.Equal(("eth2", AdaptiveAction.Suggest), (third.Device, third.Action));
        Assert.Contains("budget of 2", third.Reason, StringComparison.Ordinal);
        Assert.Equal(2, controller.ChangesInLastHour(now));
        Assert.Equal(0, controller.ChangesInLastHour(now + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Interfaces_that_are_gone_are_forgotten()
    {
        var controller = new AdaptiveController(Policy());
        var now = new SyntheticFeed(controller, "eth0", Start).Run(Window, 50);
        Assert.Single(controller.Decide(now, [Mlx5()], Enforce));

        controller.Retain([]);

        Assert.Empty(controller.Suggestions);
        Assert.Empty(controller.Decide(now, [Mlx5()], Enforce));
    }

    [Fact]
    public void A_growth_from_before_a_restart_keeps_its_cooldown_and_counts_against_the_budget()
    {
        var controller = new AdaptiveController(Policy(AdaptiveMode.Apply, budget: 1));
        var feed = new SyntheticFeed(controller, "eth0", Start);
        new SyntheticFeed(controller, "eth1", Start).Run(Window, 50);
        var now = feed.Run(Window, 50);

        controller.Remember("eth0", now - TimeSpan.FromMinutes(30), now);
        controller.Remember("eth0", now - TimeSpan.FromHours(5), now);

        var verdict = Assert.Single(controller.Decide(now, [Mlx5(2048), Mlx5(name: "eth1")], Enforce));
        Assert.Equal(("eth1", AdaptiveAction.Suggest), (verdict.Device, verdict.Action));
        Assert.Contains("budget of 1", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(1, controller.ChangesInLastHour(now));
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Nictune.Core.Adaptive;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Host.Adaptive;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;
using Nictune.Tests.Simulators;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Adaptive;

/// <summary>The daemon's side: counters in, events and status out, overlays pruned when their rule no longer applies.</summary>
public sealed class AdaptiveRingsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private readonly AgentEventFeed _feed = new(NullLogger<AgentEventFeed>.Instance);
    private readonly AgentStatusBoard _board;
    private readonly FakeDropCounters _counters = new();
    private readonly ManualClock _time = new();
    private readonly Mlx5Simulator _mlx5 = new("eth0", queues: 4);
    private readonly SimulatedHost _host;
    private readonly SystemInventory _inventory;

    public AdaptiveRingsTests()
    {
        _board = new AgentStatusBoard(_feed);
        _host = new SimulatedHost().Add(_mlx5);
        _inventory = Inventory(_mlx5.ToInterface(NicClass.SriovVf, "0-3"));
    }

    private static Profile RxProfile(long rx, string name = "test") =>
        Profile(null, Any(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(rx)) })) with { Name = name };

    private TuningPlan Plan(Profile profile, AdaptiveOverlay overlay) =>
        new TransactionEngine(_host, new InMemoryStateStore(), new FixedTimeProvider()).Plan(profile, _inventory, Facts(), overlay);

    private List<AgentEventData> Events() => [.. _feed.Since(0).Select(e => e.Data)];

    [Fact]
    public void A_sustained_rate_becomes_one_suggestion_event_and_a_status_line_with_the_profile_line()
    {
        var rings = new AdaptiveRings(_counters, _board, _time);
        rings.Configure(AdaptivePolicy.Default with { Window = TimeSpan.FromSeconds(20) }, profileChanged: true);
        _counters.Set("eth0", 100);
        var plan = Plan(RxProfile(1024), AdaptiveOverlay.Empty);

        for (var i = 0; i < 5; i++)
        {
            Assert.Null(rings.Decide(plan, _inventory, _host, default, AdaptiveOverlay.Empty));
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        var suggested = Assert.Single(Events().OfType<AdaptiveSuggested>());
        Assert.Equal(("eth0", 1024L, 2048L, "ring: { rx: 2048 }"), (suggested.Device, suggested.Current, suggested.Target, suggested.ProfileLine));
        var line = Assert.Single(_board.Snapshot().Adaptive);
        Assert.Equal(("eth0", "suggested", "1024", 2048L), (line.Device, line.State, line.Current, line.Value));
    }

    [Fact]
    public void An_overlay_whose_rule_no_longer_applies_is_pruned_with_an_event_and_one_that_applies_is_kept()
    {
        var rings = new AdaptiveRings(_counters, _board, _time);
        var overlay = AdaptiveOverlay.Empty.With(new OverlayEntry("eth0", SettingNames.RingRx, 2048, "test", "1024", Start, 50))
            .With(new OverlayEntry("gone0", SettingNames.RingRx, 4096, "test", "1024", Start, 50));

        Assert.Same(overlay, rings.Prune(overlay, Plan(RxProfile(1024), overlay), _inventory));
        Assert.Empty(Events());

        var changedRule = rings.Prune(overlay, Plan(RxProfile(512), overlay), _inventory);
        Assert.Equal(["gone0"], changedRule.Entries.Select(e => e.Device));
        var cleared = Assert.Single(Events().OfType<AdaptiveOverlayCleared>());
        Assert.Equal(("eth0", 2048L), (cleared.Device, cleared.Value));
        Assert.Contains("now asks for 512, not 1024", cleared.Reason, StringComparison.Ordinal);

        var otherProfile = rings.Prune(overlay, Plan(RxProfile(1024, "pushed"), overlay), _inventory);
        Assert.Equal(["gone0"], otherProfile.Entries.Select(e => e.Device));
        Assert.Contains("the active profile is pushed, not test", Events().OfType<AdaptiveOverlayCleared>().Last().Reason, StringComparison.Ordinal);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = Start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

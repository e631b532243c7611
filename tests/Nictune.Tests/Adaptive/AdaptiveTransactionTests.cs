using Nictune.Core.Adaptive;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Linux.State;
using Nictune.Tests.Simulators;
using Nictune.Tests.Transactions;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Adaptive;

/// <summary>
/// The decision and the transaction engine together, on the device simulators and the real state files: suggest
/// versus apply, the link-reset guard, the overlay over a restart, drift against it, a profile change, and
/// rollback to the baseline.
/// </summary>
public sealed class AdaptiveTransactionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly SettingKey Mlx5Rx = SettingKey.Interface("eth0", SettingNames.RingRx);
    private static readonly SettingKey VmxnetRx = SettingKey.Interface("eth1", SettingNames.RingRx);

    private readonly TempStateDirectory _state = new();
    private readonly Mlx5Simulator _mlx5 = new("eth0", queues: 4);
    private readonly Vmxnet3Simulator _vmxnet3 = new("eth1", revision: 7);
    private readonly SimulatedHost _host;
    private readonly SystemInventory _inventory;

    public AdaptiveTransactionTests()
    {
        _host = new SimulatedHost().Add(_mlx5).Add(_vmxnet3);
        _inventory = Inventory(_mlx5.ToInterface(NicClass.SriovVf, "0-3"), _vmxnet3.ToInterface(NicClass.Paravirtual, "0-3"));
    }

    public void Dispose() => _state.Dispose();

    private static Profile RxProfile(long rx) => Profile(null, Any(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(rx)) }));

    private TransactionEngine Engine() => new(_host, new FileStateStore(_state.Path), new FixedTimeProvider());

    private static RingDevice Device(SimulatedNic nic)
    {
        var reading = nic.Read(SettingNames.RingRx);
        return new RingDevice(nic.Name, nic.Driver, 1500, long.Parse(reading.Value!, System.Globalization.CultureInfo.InvariantCulture), reading.Maximum!.Value);
    }

    private string Held(SettingKey key) => _host.Read(key).Value!;

    /// <summary>What the daemon does with an Apply verdict: plan with the grown value, write that device's rows.</summary>
    private static (TransactionResult Result, AdaptiveOverlay Overlay) Grow(TransactionEngine engine, Profile profile, SystemInventory inventory, AdaptiveVerdict verdict, TuningPlan plan)
    {
        var row = plan.Rows.Single(r => r.Key == SettingKey.Interface(verdict.Device, SettingNames.RingRx));
        var grown = engine.ReadOverlay().With(new OverlayEntry(verdict.Device, SettingNames.RingRx, verdict.Target!.Value, profile.Name, row.Requested!, Start, verdict.Rate.PerSecond));
        var full = engine.Plan(profile, inventory, Facts(), grown);
        var device = full with { Rows = [.. full.Rows.Where(r => r.Key.Scope == SettingScope.Interface && r.Key.Target == verdict.Device)] };
        var result = engine.Reconcile(device, "adaptive");
        if (result.Outcome == TransactionOutcome.Succeeded)
        {
            engine.WriteOverlay(grown);
        }

        return (result, grown);
    }

    [Fact]
    public void Apply_grows_the_mlx5_ring_as_a_transaction_suggests_for_vmxnet3_and_the_overlay_survives_a_restart_until_rollback_to_baseline()
    {
        var profile = RxProfile(1024);
        var engine = Engine();
        var plan = engine.Plan(profile, _inventory, Facts());
        Assert.Equal(TransactionOutcome.NoChanges, engine.Apply(plan).Outcome);

        var controller = new AdaptiveController(AdaptivePolicy.Default with { Mode = AdaptiveMode.Apply });
        new SyntheticFeed(controller, "eth0", Start).Run(TimeSpan.FromMinutes(5), 50);
        var now = new SyntheticFeed(controller, "eth1", Start).Run(TimeSpan.FromMinutes(5), 50);

        var verdicts = controller.Decide(now, [Device(_mlx5), Device(_vmxnet3)], new AdaptiveContext(false, false));
        var apply = Assert.Single(verdicts, v => v.Action == AdaptiveAction.Apply);
        var suggest = Assert.Single(verdicts, v => v.Action == AdaptiveAction.Suggest);
        Assert.Equal(("eth0", 2048L), (apply.Device, apply.Target));
        Assert.Equal(("eth1", 2048L), (suggest.Device, suggest.Target));
        Assert.Contains("allow-link-reset", suggest.Reason, StringComparison.Ordinal);

        var (result, _) = Grow(engine, profile, _inventory, apply, plan);
        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal(TransactionKind.Reconcile, result.Kind);
        Assert.Equal((SettingStatus.Applied, "2048"), (result.Settings.Single(s => s.Key == Mlx5Rx).Status, result.Settings.Single(s => s.Key == Mlx5Rx).Actual));
        Assert.Equal("2048", Held(Mlx5Rx));
        Assert.Equal("1024", Held(VmxnetRx));
        Assert.Equal(0, _vmxnet3.LinkResets);

        // A restart: a new engine over the same state directory plans the overlay's value, from source adaptive.
        var restarted = Engine();
        var row = restarted.Plan(profile, _inventory, Facts()).Rows.Single(r => r.Key == Mlx5Rx);
        Assert.Equal((PlanAction.Unchanged, "2048", "1024", PlanRow.AdaptiveSource), (row.Action, row.Desired, row.Requested, row.Source));
        Assert.Contains("adaptive: grown from the profile's 1024", row.Reason, StringComparison.Ordinal);

        // Drift is measured against the overlay: a ring put back to 1024 behind nictune's back is corrected to 2048.
        _mlx5.Write(Mlx5Rx, "1024");
        var drift = restarted.Plan(profile, _inventory, Facts()).Rows.Single(r => r.Key == Mlx5Rx);
        Assert.Equal((PlanAction.Change, "2048"), (drift.Action, drift.Desired));
        Assert.Equal(TransactionOutcome.Succeeded, restarted.Reconcile(restarted.Plan(profile, _inventory, Facts())).Outcome);
        Assert.Equal("2048", Held(Mlx5Rx));

        // The baseline is what was there before nictune: the ring goes back to 1024 and the overlay is gone.
        Assert.Equal(TransactionOutcome.Succeeded, restarted.Rollback(RollbackTarget.Baseline, _inventory).Outcome);
        Assert.Equal("1024", Held(Mlx5Rx));
        Assert.Empty(new FileStateStore(_state.Path).ReadOverlay().Entries);
        Assert.False(System.IO.File.Exists(Path.Join(_state.Path, FileStateStore.OverlayFile)));
    }

    [Fact]
    public void With_allow_link_reset_the_vmxnet3_ring_grows_and_its_steering_is_written_back_after_the_reset()
    {
        var profile = RxProfile(1024);
        var engine = Engine();
        var plan = engine.Plan(profile, _inventory, Facts());
        var controller = new AdaptiveController(AdaptivePolicy.Default with { Mode = AdaptiveMode.Apply, AllowLinkReset = true });
        var now = new SyntheticFeed(controller, "eth1", Start).Run(TimeSpan.FromMinutes(5), 50);

        var verdict = Assert.Single(controller.Decide(now, [Device(_vmxnet3)], new AdaptiveContext(false, false)));
        var (result, _) = Grow(engine, profile, _inventory, verdict, plan);

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal("2048", Held(VmxnetRx));
        Assert.Equal(1, _vmxnet3.LinkResets);
        Assert.Contains(result.Settings, s => s.Key == SettingKey.Interface("eth1", SettingNames.RpsCpus(0)));
    }

    /// <summary>The guard's view of the system: each interface's carrier is up until the change, then stays down.</summary>
    private sealed class CarrierLostAfterFirstLook : Nictune.Core.Guard.IHealthObserver
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public Nictune.Core.Guard.LinkSample? Sample(string nic) => new(Carrier: _seen.Add(nic), RxPackets: 0);

        public string? Probe(Nictune.Core.Guard.GuardProbe probe, string nic, TimeSpan timeout) => null;

        public IReadOnlyList<System.Net.IPAddress> Gateways(string nic) => [];

        public string? Solicit(System.Net.IPAddress neighbour, string nic) => null;

        public Nictune.Core.Guard.NeighbourSample Neighbour(System.Net.IPAddress neighbour, string nic) =>
            throw new InvalidOperationException("no gateway is probed: the policy has none");
    }

    /// <summary>
    /// Issue 25: the daemon ran an adaptive growth as a bare reconcile, so a ring change that took the link away stayed
    /// in force. It runs under the health guard like every change: the link does not come back, the growth is undone,
    /// and the overlay does not keep it.
    /// </summary>
    [Fact]
    public void An_adaptive_growth_whose_link_does_not_come_back_is_reverted_by_the_guard_and_the_overlay_does_not_keep_it()
    {
        var profile = RxProfile(1024);
        var engine = Engine();
        var plan = engine.Plan(profile, _inventory, Facts());
        var controller = new AdaptiveController(AdaptivePolicy.Default with { Mode = AdaptiveMode.Apply, AllowLinkReset = true });
        var now = new SyntheticFeed(controller, "eth1", Start).Run(TimeSpan.FromMinutes(5), 50);
        var verdict = Assert.Single(controller.Decide(now, [Device(_vmxnet3)], new AdaptiveContext(false, false)));
        var row = plan.Rows.Single(r => r.Key == VmxnetRx);
        var grown = engine.ReadOverlay().With(new OverlayEntry(verdict.Device, SettingNames.RingRx, verdict.Target!.Value, profile.Name, row.Requested!, Start, verdict.Rate.PerSecond));
        var full = engine.Plan(profile, _inventory, Facts(), grown);
        var device = full with { Rows = [.. full.Rows.Where(r => r.Key.Scope == SettingScope.Interface && r.Key.Target == verdict.Device)] };
        var guard = new Nictune.Core.Guard.HealthGuard(Nictune.Core.Guard.GuardPolicy.Default with { LinkTimeout = Nictune.Core.Guard.GuardPolicy.MinTimeout }, new CarrierLostAfterFirstLook());

        var result = Nictune.Host.Tuning.AdaptiveGrowth.Apply(guard, engine, device, _inventory, "adaptive", grown, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        Assert.Equal(TransactionOutcome.GuardReverted, result.Outcome);
        Assert.Contains(result.Guard!, e => e.Interface == "eth1");
        Assert.Equal("1024", Held(VmxnetRx));
        Assert.Empty(engine.ReadOverlay().Entries);
        Assert.Equal((TransactionKind.RollbackPrevious, result.Id), (engine.ReadHistory().Transactions[^1].Kind, engine.ReadHistory().Transactions[^1].Undoes));
    }

    [Fact]
    public void A_profile_that_asks_for_another_value_no_longer_uses_the_overlay()
    {
        var engine = Engine();
        engine.WriteOverlay(AdaptiveOverlay.Empty.With(new OverlayEntry("eth0", SettingNames.RingRx, 2048, "test", "1024", Start, 50)));

        var same = engine.Plan(RxProfile(1024), _inventory, Facts()).Rows.Single(r => r.Key == Mlx5Rx);
        var other = engine.Plan(RxProfile(512), _inventory, Facts()).Rows.Single(r => r.Key == Mlx5Rx);

        Assert.Equal(("2048", PlanRow.AdaptiveSource), (same.Desired, same.Source));
        Assert.Equal(("512", (string?)null), (other.Desired, other.Source));
    }

    [Theory]
    [InlineData("""{"entries":[{"device":"../x","setting":"ring.rx","value":2048,"profile":"p","base":"1024","at":"2026-11-29T12:00:00Z","dropsPerSecond":1}]}""", "entries[0].device")]
    [InlineData("""{"entries":[{"device":"eth0","setting":"ring.tx","value":2048,"profile":"p","base":"1024","at":"2026-11-29T12:00:00Z","dropsPerSecond":1}]}""", "entries[0].setting")]
    [InlineData("""{"entries":[{"device":"eth0","setting":"ring.rx","value":-1,"profile":"p","base":"1024","at":"2026-11-29T12:00:00Z","dropsPerSecond":1}]}""", "entries[0].value")]
    [InlineData("""{"entries":[{"device":"eth0","setting":"ring.rx","value":2048,"profile":"p","base":"lots","at":"2026-11-29T12:00:00Z","dropsPerSecond":1}]}""", "entries[0].base")]
    [InlineData("""{"entries":null}""", "entries")]
    [InlineData("""[]""", "the document")]
    public void An_overlay_file_that_fails_validation_is_refused_naming_the_file_and_field(string json, string field)
    {
        var path = Path.Join(_state.Path, FileStateStore.OverlayFile);
        System.IO.File.WriteAllText(path, json);

        var e = Assert.Throws<StateStoreException>(() => new FileStateStore(_state.Path).ReadOverlay());

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        Assert.Contains(field, new FileStateStore(_state.Path).Check(FileStateStore.OverlayFile), StringComparison.Ordinal);
    }

    [Fact]
    public void The_overlay_is_bounded()
    {
        var overlay = AdaptiveOverlay.Empty;
        for (var i = 0; i < AdaptiveOverlay.MaxEntries; i++)
        {
            overlay = overlay.With(new OverlayEntry($"eth{i}", SettingNames.RingRx, 2048, "p", "1024", Start, 1));
        }

        Assert.Throws<InvalidOperationException>(() => overlay.With(new OverlayEntry("one-more", SettingNames.RingRx, 2048, "p", "1024", Start, 1)));
        Assert.Equal(AdaptiveOverlay.MaxEntries, overlay.With(new OverlayEntry("eth0", SettingNames.RingRx, 4096, "p", "1024", Start, 1)).Entries.Count);
    }
}

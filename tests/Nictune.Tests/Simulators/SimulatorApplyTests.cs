using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Simulators;

/// <summary>Plan and apply against the device simulators: rounding, get-only ops, link resets and allocation failures.</summary>
public sealed class SimulatorApplyTests
{
    private static SettingKey K(string name) => SettingKey.Interface("eth0", name);

    private static (TransactionResult Result, TuningPlan Plan, SimulatedHost Host) Apply(SimulatedNic nic, NicClass nicClass, InterfaceSettings settings,
        Action<FaultInjectingStore>? faults = null)
    {
        var host = new SimulatedHost().Add(nic);
        var store = new FaultInjectingStore(host);
        var engine = new TransactionEngine(store, new InMemoryStateStore(), new FixedTimeProvider());
        var plan = engine.Plan(Profile(null, Any(settings)), Inventory(nic.ToInterface(nicClass, "0-3")), Facts(cpus: nic.CpuCount));
        faults?.Invoke(store);
        return (engine.Apply(plan), plan, host);
    }

    private static SettingOutcome Outcome(TransactionResult result, string name) => result.Settings.Single(s => s.Key == K(name));

    [Fact]
    public void Vmxnet3_rev7_rounds_rings_down_to_a_power_of_two_and_the_readback_records_it()
    {
        // docs/drivers.md §5: from rev 7 every ring is rounded down to a power of two, so 3000 becomes 2048.
        var nic = new Vmxnet3Simulator("eth0", revision: 7);

        var (result, _, _) = Apply(nic, NicClass.Paravirtual, new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(3000)) });

        var rx = Outcome(result, "ring.rx");
        Assert.Equal((SettingStatus.Adjusted, "3000", "2048"), (rx.Status, rx.Desired, rx.Actual));
        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
    }

    [Theory]
    [InlineData(4096, "4032")]
    [InlineData(2000, "2016")]
    public void Vmxnet3_before_rev7_with_mtu_9000_rounds_ring_1_to_multiples_of_96(long requested, string held)
    {
        // docs/drivers.md §5: ring 1 rounds up to 32 × 3 buffers per packet; the effective maximum is 4032.
        var nic = new Vmxnet3Simulator("eth0", revision: 4, mtu: 9000);

        var (result, _, _) = Apply(nic, NicClass.Paravirtual, new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(requested)) });

        Assert.Equal((SettingStatus.Adjusted, held), (Outcome(result, "ring.rx").Status, Outcome(result, "ring.rx").Actual));
    }

    [Fact]
    public void A_rounding_that_moves_away_from_the_desired_value_fails_and_the_undo_cannot_put_the_original_back()
    {
        // With MTU 9000 before rev 7, ring 1 sizes are multiples of 96. get_ringparam reports the 1024 set at probe
        // (not the ring the driver adjusted), so 1024 is the original; 1000 is held as 1056, which did not move toward
        // 1000: a failure. The undo writes 1024, which the driver holds as 1056 too: it is left there, and said so.
        var nic = new Vmxnet3Simulator("eth0", revision: 4, mtu: 9000);
        Assert.Equal("1024", nic.Read("ring.rx").Value);

        var (result, _, _) = Apply(nic, NicClass.Paravirtual, new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(1000)) });

        Assert.Equal(TransactionOutcome.RollbackFailed, result.Outcome);
        Assert.StartsWith("readback: wrote 1000, the kernel holds 1056", Outcome(result, "ring.rx").Message, StringComparison.Ordinal);
        Assert.Equal(("1056", true), (Outcome(result, "ring.rx").Actual, Outcome(result, "ring.rx").NotRestored));
        Assert.Equal("1056", nic.Read("ring.rx").Value);
    }

    [Fact]
    public void Vmxnet3_tx_and_jumbo_round_up_to_32()
    {
        var nic = new Vmxnet3Simulator("eth0", revision: 4);

        var (result, _, _) = Apply(nic, NicClass.Paravirtual, new InterfaceSettings { Ring = new RingSettings(Tx: ProfileValue.Of(1000), RxJumbo: ProfileValue.Of(1025)) });

        Assert.Equal("1024", Outcome(result, "ring.tx").Actual);
        Assert.Equal("1056", Outcome(result, "ring.rx-jumbo").Actual);
    }

    [Fact]
    public void Vmxnet3_before_rev3_has_no_rx_mini_and_refuses_it_with_einval()
    {
        var nic = new Vmxnet3Simulator("eth0", revision: 2);

        var (result, plan, host) = Apply(nic, NicClass.Paravirtual, new InterfaceSettings { Ring = new RingSettings(RxMini: ProfileValue.Of(128)) });

        Assert.Equal(PlanAction.Unsupported, plan.Rows.Single().Action);
        Assert.Equal(TransactionOutcome.NoChanges, result.Outcome);
        var refused = Assert.Throws<SettingWriteException>(() => host.Write(K("ring.rx-mini"), "128"));
        Assert.Equal(Errnos.EINVAL, refused.Errno);
    }

    [Fact]
    public void Vmxnet3_refuses_an_empty_ring_and_has_get_only_channels()
    {
        var host = new SimulatedHost().Add(new Vmxnet3Simulator("eth0", revision: 7));

        Assert.Equal(Errnos.EINVAL, Assert.Throws<SettingWriteException>(() => host.Write(K("ring.tx"), "0")).Errno);
        Assert.Equal(Errnos.EOPNOTSUPP, Assert.Throws<SettingWriteException>(() => host.Write(K("channels.combined"), "2")).Errno);
    }

    [Fact]
    public void Vmxnet3_ring_change_resets_rps_and_the_plan_writes_rps_after_it()
    {
        var nic = new Vmxnet3Simulator("eth0", revision: 7, queues: 2);
        var settings = new InterfaceSettings
        {
            Ring = new RingSettings(Rx: ProfileValue.Of(4096)),
            Rps = new RpsSettings(CpuSelection.All),
            Channels = new ChannelSettings(Combined: ProfileValue.Cpus),
        };

        var (result, plan, _) = Apply(nic, NicClass.Paravirtual, settings);

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal(1, nic.LinkResets);
        Assert.Equal(1, nic.RssResets);
        Assert.Equal(["ring.rx", "rps-cpus.rx-0", "rps-cpus.rx-1", "rps-flow-cnt.rx-0", "rps-flow-cnt.rx-1", "xps-cpus.tx-0", "xps-cpus.tx-1"],
            plan.Changes.Select(c => c.Key.Name));
        Assert.Equal("ff", nic.Read("rps-cpus.rx-0").Value);
        Assert.Equal(PlanAction.Unsupported, plan.Rows.Single(r => r.Key.Name == "channels.combined").Action);
    }

    [Fact]
    public void Vmxnet3_rollback_after_a_ring_change_restores_the_rps_masks_the_reset_clobbered()
    {
        var nic = new Vmxnet3Simulator("eth0", revision: 7, queues: 2);
        var host = new SimulatedHost().Add(nic);
        host.Write(K("rps-cpus.rx-0"), "3");
        host.Write(K("rps-cpus.rx-1"), "c");
        var initial = host.Snapshot();
        var store = new FaultInjectingStore(host);
        var engine = new TransactionEngine(store, new InMemoryStateStore(), new FixedTimeProvider());
        var plan = engine.Plan(Profile(null, Any(new InterfaceSettings
        {
            Ring = new RingSettings(Rx: ProfileValue.Of(2048)),
            Rps = new RpsSettings(CpuSelection.All),
            Features = new Dictionary<string, bool> { ["rx-lro"] = false },
        })), Inventory(nic.ToInterface(NicClass.Paravirtual)), Facts());
        var last = plan.Changes.Count() - 1;
        store.BeforeWrite = (index, key, _) => index == last ? new SettingWriteException(key, Errnos.EINVAL, "Invalid argument") : null;

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Equal(2, nic.LinkResets);
        Assert.Equal(initial, host.Snapshot());
    }

    [Fact]
    public void Iavf_rounds_rings_to_32_and_clamps_channels_to_the_granted_queues()
    {
        var nic = new IavfSimulator("eth0", grantedQueues: 4, queues: 2, irqs: [60, 61]);

        var (result, plan, _) = Apply(nic, NicClass.SriovVf, new InterfaceSettings
        {
            Ring = new RingSettings(Rx: ProfileValue.Of(1000)),
            Channels = new ChannelSettings(Combined: ProfileValue.Of(16)),
            Rps = new RpsSettings(CpuSelection.Local),
        });

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal("1024", Outcome(result, "ring.rx").Actual);
        var channels = plan.Rows.Single(r => r.Key.Name == "channels.combined");
        Assert.Equal((PlanAction.Clamped, "4", true), (channels.Action, channels.Desired, channels.ResetsLink));
        Assert.Equal(4, nic.RxQueues);
        Assert.Equal(2, nic.LinkResets);
        Assert.All(Enumerable.Range(0, 4), q => Assert.Equal("0f", nic.Read($"rps-cpus.rx-{q}").Value));
        Assert.Null(plan.Rows.Single(r => r.Key.Name == "rps-cpus.rx-3").Current);
    }

    [Fact]
    public void Iavf_rollback_of_a_channel_change_removes_the_new_queues_again()
    {
        var nic = new IavfSimulator("eth0", grantedQueues: 8, queues: 2);
        var host = new SimulatedHost().Add(nic);
        host.Write(K("xps-cpus.tx-1"), "f0");
        var initial = host.Snapshot();
        var store = new FaultInjectingStore(host);
        var engine = new TransactionEngine(store, new InMemoryStateStore(), new FixedTimeProvider());
        var plan = engine.Plan(Profile(null, Any(new InterfaceSettings
        {
            Channels = new ChannelSettings(Combined: ProfileValue.Max),
            Rps = new RpsSettings(CpuSelection.All),
            Coalesce = new CoalesceSettings(RxUsecs: ProfileValue.Of(9000)),
        })), Inventory(nic.ToInterface(NicClass.SriovVf)), Facts());

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Equal(Errnos.EINVAL, result.Settings.Single(s => s.Status == SettingStatus.Failed).Errno);
        Assert.Equal(initial, host.Snapshot());
        Assert.Equal(2, nic.RxQueues);
    }

    [Fact]
    public void Mlx5_rounds_rings_up_to_a_power_of_two_without_a_link_reset()
    {
        var nic = new Mlx5Simulator("eth0", queues: 2);

        var (result, plan, _) = Apply(nic, NicClass.SriovVf, new InterfaceSettings
        {
            Ring = new RingSettings(Rx: ProfileValue.Of(3000), Tx: ProfileValue.Of(20000)),
            Channels = new ChannelSettings(Combined: ProfileValue.Cpus),
        });

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal("4096", Outcome(result, "ring.rx").Actual);
        Assert.Equal((SettingStatus.Applied, "8192"), (Outcome(result, "ring.tx").Status, Outcome(result, "ring.tx").Actual));
        Assert.Equal("8", Outcome(result, "channels.combined").Actual);
        Assert.Equal(0, nic.LinkResets);
        Assert.DoesNotContain(plan.Rows, r => r.ResetsLink);
    }

    [Fact]
    public void Mlx5_enomem_rolls_the_transaction_back()
    {
        var nic = new Mlx5Simulator("eth0", queues: 2);
        var host = new SimulatedHost().Add(nic).Sysctl("net.core.somaxconn", "4096");
        var initial = host.Snapshot();
        var store = new FaultInjectingStore(host);
        var engine = new TransactionEngine(store, new InMemoryStateStore(), new FixedTimeProvider());
        var plan = engine.Plan(Profile(new Dictionary<string, string> { ["net.core.somaxconn"] = "8192" }, Any(new InterfaceSettings
        {
            Features = new Dictionary<string, bool> { ["rx-lro"] = true },
            Ring = new RingSettings(Rx: ProfileValue.Of(8192)),
        })), Inventory(nic.ToInterface(NicClass.SriovVf)), Facts());
        nic.FailAllocations = true;

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        var failed = result.Settings.Single(s => s.Status == SettingStatus.Failed);
        Assert.Equal((K("ring.rx"), (int?)Errnos.ENOMEM), (failed.Key, failed.Errno));
        Assert.Equal(SettingStatus.RolledBack, result.Settings.Single(s => s.Key == SettingKey.Sysctl("net.core.somaxconn")).Status);
        Assert.Equal(initial, host.Snapshot());
    }

    [Fact]
    public void Sysctl_vectors_written_with_spaces_read_back_with_tabs_and_compare_equal()
    {
        var host = new SimulatedHost().Sysctl("net.ipv4.tcp_rmem", "4096\t87380\t6291456");
        var engine = new TransactionEngine(host, new InMemoryStateStore(), new FixedTimeProvider());
        var profile = Profile(new Dictionary<string, string> { ["net.ipv4.tcp_rmem"] = "4096 131072 16777216" });

        var result = engine.Apply(engine.Plan(profile, Inventory(), Facts()));

        Assert.Equal(SettingStatus.Applied, result.Settings.Single().Status);
        Assert.Equal("4096\t131072\t16777216", host.Read(SettingKey.Sysctl("net.ipv4.tcp_rmem")).Value);
        Assert.False(engine.Plan(profile, Inventory(), Facts()).HasChanges);
    }

    [Theory]
    [InlineData(3, 1500)]
    [InlineData(4, 1500)]
    [InlineData(4, 9000)]
    [InlineData(6, 9000)]
    [InlineData(7, 1500)]
    [InlineData(7, 9000)]
    public void A_value_the_vmxnet3_driver_adjusted_satisfies_later_passes_and_drift_is_measured_against_it(int revision, int mtu)
    {
        // docs/drivers.md §5: rev 4 at MTU 9000 holds 4032 for 4096; rev 7 rounds 3000 down to 2048; others hold 4096.
        var nic = new Vmxnet3Simulator("eth0", revision, mtu);
        var host = new SimulatedHost().Add(nic);
        var store = new FaultInjectingStore(host);
        var state = new InMemoryStateStore();
        var engine = new TransactionEngine(store, state, new FixedTimeProvider());
        var profile = Profile(null, Any(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(4096), Tx: ProfileValue.Of(3000)) }));
        var inventory = Inventory(nic.ToInterface(NicClass.Paravirtual, "0-3"));
        TuningPlan Plan() => engine.Plan(profile, inventory, Facts(cpus: nic.CpuCount));

        var boot = engine.Apply(Plan());
        Assert.Equal(TransactionOutcome.Succeeded, boot.Outcome);
        var held = (Outcome(boot, "ring.rx").Actual, Outcome(boot, "ring.tx").Actual);

        // Every later pass: nothing to change, nothing written, no link reset.
        var resets = nic.LinkResets;
        store.Reset();
        for (var pass = 0; pass < 3; pass++)
        {
            var again = Plan();
            Assert.False(again.HasChanges, string.Join("; ", again.Changes.Select(c => $"{c.Key} {c.Current} -> {c.Desired}")));
            Assert.Equal(TransactionOutcome.NoChanges, engine.Reconcile(again).Outcome);
        }

        Assert.Equal((0, resets), (store.Writes, nic.LinkResets));

        // Drift away from the adjusted value is corrected, and the driver's value is accepted again.
        host.Write(K("ring.rx"), "512");
        var drift = Plan();
        Assert.Equal(["ring.rx"], drift.Changes.Where(c => !SettingValues.AreEqual(c.Key, c.Current, c.Desired)).Select(c => c.Key.Name));
        Assert.Equal(TransactionOutcome.Succeeded, engine.Reconcile(drift).Outcome);
        Assert.Equal(held, (host.Read(K("ring.rx")).Value, host.Read(K("ring.tx")).Value));
        Assert.False(Plan().HasChanges);

        // A different wish is planned again.
        var other = engine.Plan(Profile(null, Any(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(2048)) })), inventory, Facts(cpus: nic.CpuCount));
        Assert.Equal(["ring.rx"], other.Changes.Where(c => !SettingValues.AreEqual(c.Key, c.Current, c.Desired)).Select(c => c.Key.Name));
    }
}

using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Simulators;

/// <summary>
/// What the real drivers did in a QEMU 7.2 guest on kernel 6.1 (issue 22; docs/drivers.md §4–5), against the
/// simulators built from those captures: each test is one of the defects, planned and applied the way the
/// agent does it (the simulator host is the store, so grouped requests reach the simulated driver as one).
/// </summary>
public sealed class RealDriverRuleTests
{
    private static SettingKey K(string name) => SettingKey.Interface("eth0", name);

    private sealed class Rig(SimulatedNic nic, NicClass nicClass, string? devicePath = "/sys/devices/pci0000:00/0000:00:05.0")
    {
        public SimulatedHost Host { get; } = new SimulatedHost().Add(nic);

        public InMemoryStateStore State { get; } = new();

        public NetInterface Interface { get; set; } = nic.ToInterface(nicClass, "0-1") with { DevicePath = devicePath };

        public TransactionEngine Engine => new(Host, State, new FixedTimeProvider());

        public TuningPlan Plan(InterfaceSettings settings) =>
            Engine.Plan(Profile(null, Any(settings)), Inventory(Interface), Facts(cpus: nic.CpuCount));

        public TransactionResult Apply(InterfaceSettings settings) => Engine.Apply(Plan(settings));
    }

    private static SettingOutcome Outcome(TransactionResult result, string name) => result.Settings.Single(s => s.Key == K(name));

    private static PlanRow Row(TuningPlan plan, string name) => plan.Rows.Single(r => r.Key == K(name));

    [Fact]
    public void Defect2_a_baseline_rollback_the_driver_rounds_is_not_restored_and_says_what_it_left()
    {
        // vmxnet3 (rev 1, as QEMU 7.2) at MTU 9000: ring 1 sizes are multiples of 96. 4096 is held as 4032 (adjusted),
        // and restoring the original 1024 leaves 1056: the rollback must say so and exit non-zero.
        var rig = new Rig(new Vmxnet3Simulator("eth0", revision: 1, mtu: 9000, queues: 2, cpuCount: 2), NicClass.Paravirtual);
        var apply = rig.Apply(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(4096)) });
        Assert.Equal((SettingStatus.Adjusted, "4032"), (Outcome(apply, "ring.rx").Status, Outcome(apply, "ring.rx").Actual));

        var rollback = rig.Engine.Rollback(RollbackTarget.Baseline, Inventory(rig.Interface));

        var rx = Outcome(rollback, "ring.rx");
        Assert.Equal((SettingStatus.RollbackFailed, true, "1056", "1024"), (rx.Status, rx.NotRestored, rx.Actual, rx.Desired));
        Assert.Equal("not restored: wrote 1024, the driver holds 1056", rx.Message);
        Assert.Equal(TransactionOutcome.RollbackFailed, rollback.Outcome);
        Assert.NotEqual(0, rollback.ExitCode);
        Assert.Contains("eth0 ring.rx = 1056 instead of 1024", rollback.Message, StringComparison.Ordinal);
        Assert.Equal([K("ring.rx")], rollback.LeftChanged.Select(s => s.Key));
    }

    [Fact]
    public void Defect3_a_refusal_met_at_write_time_is_remembered_for_the_device_and_an_apply_that_changed_nothing_is_not_previous()
    {
        // virtio_net on 6.1 reads coalescing but refuses every write with EOPNOTSUPP.
        var rig = new Rig(new VirtioNetSimulator("eth0"), NicClass.Paravirtual);
        var settings = new InterfaceSettings { Coalesce = new CoalesceSettings(RxUsecs: ProfileValue.Of(50)) };

        var first = rig.Apply(settings);
        Assert.Equal((SettingStatus.Unsupported, (int?)Errnos.EOPNOTSUPP), (Outcome(first, "coalesce.rx-usecs").Status, Outcome(first, "coalesce.rx-usecs").Errno));
        Assert.Equal(TransactionOutcome.Succeeded, first.Outcome);

        // Nothing changed, so there is nothing for `rollback --to previous` to undo.
        Assert.Null(rig.State.History.Previous());
        Assert.Equal(TransactionOutcome.NoChanges, rig.Engine.Rollback(RollbackTarget.Previous, Inventory(rig.Interface)).Outcome);

        // The next plan knows: unsupported, with the errno, and no write.
        var again = rig.Plan(settings);
        var row = Row(again, "coalesce.rx-usecs");
        Assert.Equal(PlanAction.Unsupported, row.Action);
        Assert.Contains("EOPNOTSUPP", row.Reason, StringComparison.Ordinal);
        Assert.False(again.HasChanges);

        // Another device under the same name is asked again.
        rig.Interface = rig.Interface with { DevicePath = "/sys/devices/pci0000:00/0000:00:09.0" };
        Assert.Equal(PlanAction.Change, Row(rig.Plan(settings), "coalesce.rx-usecs").Action);
    }

    [Fact]
    public void A_remembered_refusal_expires_when_the_driver_its_version_the_firmware_or_the_value_asked_changes()
    {
        var rig = new Rig(new VirtioNetSimulator("eth0"), NicClass.Paravirtual);
        var booted = rig.Interface with { DriverVersion = "1.0.0", Firmware = null };
        rig.Interface = booted;
        static InterfaceSettings RxUsecs(long usecs) => new() { Coalesce = new CoalesceSettings(RxUsecs: ProfileValue.Of(usecs)) };
        Assert.Equal(SettingStatus.Unsupported, Outcome(rig.Apply(RxUsecs(50)), "coalesce.rx-usecs").Status);
        Assert.Equal(PlanAction.Unsupported, Row(rig.Plan(RxUsecs(50)), "coalesce.rx-usecs").Action);

        // Another value is asked again; so is the same value once the driver or the firmware is another.
        Assert.Equal(PlanAction.Change, Row(rig.Plan(RxUsecs(60)), "coalesce.rx-usecs").Action);
        rig.Interface = booted with { DriverVersion = "1.1.0" };
        Assert.Equal(PlanAction.Change, Row(rig.Plan(RxUsecs(50)), "coalesce.rx-usecs").Action);
        rig.Interface = booted with { Firmware = "2.0" };
        Assert.Equal(PlanAction.Change, Row(rig.Plan(RxUsecs(50)), "coalesce.rx-usecs").Action);
        rig.Interface = booted with { Driver = "virtio_net_ng" };
        Assert.Equal(PlanAction.Change, Row(rig.Plan(RxUsecs(50)), "coalesce.rx-usecs").Action);

        // The same device, driver and firmware asked the same value: still remembered.
        rig.Interface = booted;
        Assert.Equal(PlanAction.Unsupported, Row(rig.Plan(RxUsecs(50)), "coalesce.rx-usecs").Action);
    }

    [Fact]
    public void Virtio_net_a_channel_change_and_its_rollback_keep_the_irq_affinity_the_user_set()
    {
        // virtnet_set_affinity() re-spreads the queue IRQs on every channel change: 2 → 1 → 2 pairs on 2 CPUs puts
        // input.0 back on CPU 0, whatever the user had set. The apply and its rollback keep what the user set.
        var nic = new VirtioNetSimulator("eth0", queuePairs: 2, maxQueuePairs: 4, cpuCount: 2, firstIrq: 24);
        var rig = new Rig(nic, NicClass.Paravirtual);
        var input0 = SettingNames.IrqAffinity(nic.InputIrq(0));
        Assert.Equal("0", nic.Read(input0).Value);
        nic.Write(K(input0), "1");
        List<string?> Irqs() => [.. rig.Interface.MsiIrqs.Select(irq => nic.Read(SettingNames.IrqAffinity(irq)).Value)];
        var before = Irqs();

        var apply = rig.Apply(new InterfaceSettings { Channels = new ChannelSettings(Combined: ProfileValue.Of(1)) });
        Assert.Equal(TransactionOutcome.Succeeded, apply.Outcome);
        Assert.Equal(1, nic.TxQueues);
        Assert.Equal(before, Irqs());
        Assert.StartsWith("kept: written back after the channel change", Row(rig.Plan(new InterfaceSettings { Channels = new ChannelSettings(Combined: ProfileValue.Of(2)) }), input0).Reason, StringComparison.Ordinal);

        var rollback = rig.Engine.Rollback(RollbackTarget.Previous, Inventory(rig.Interface));
        Assert.Equal(TransactionOutcome.Succeeded, rollback.Outcome);
        Assert.Equal(2, nic.TxQueues);
        Assert.Equal(before, Irqs());
    }

    [Fact]
    public void Defect5_all_ring_fields_of_a_device_go_in_one_request_and_reset_it_once()
    {
        var nic = new Vmxnet3Simulator("eth0", revision: 1, queues: 2, cpuCount: 2);
        var rig = new Rig(nic, NicClass.Paravirtual);

        var result = rig.Apply(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(2048), RxJumbo: ProfileValue.Of(1024), Tx: ProfileValue.Of(1024)) });

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal((1, 1), (nic.RingRequests, nic.LinkResets));

        // The undo is one request too.
        var rollback = rig.Engine.Rollback(RollbackTarget.Baseline, Inventory(rig.Interface));
        Assert.Equal(TransactionOutcome.Succeeded, rollback.Outcome);
        Assert.Equal((2, 2), (nic.RingRequests, nic.LinkResets));
        Assert.Equal(("1024", "512", "512"), (nic.Read("ring.rx").Value, nic.Read("ring.rx-jumbo").Value, nic.Read("ring.tx").Value));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(10001)]
    public void Defect6_e1000e_rx_usecs_a_value_that_is_neither_a_mode_nor_a_delay_is_unsupported_at_plan_time(long usecs)
    {
        var rig = new Rig(E1000Simulator.E1000e("eth0"), NicClass.Emulated);

        var plan = rig.Plan(new InterfaceSettings { Coalesce = new CoalesceSettings(RxUsecs: ProfileValue.Of(usecs)) });

        var row = Row(plan, "coalesce.rx-usecs");
        Assert.Equal(PlanAction.Unsupported, row.Action);
        Assert.Contains("3 (dynamic conservative)", row.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, "3", SettingStatus.Unchanged)]
    [InlineData(4, "4", SettingStatus.Applied)]
    [InlineData(0, "0", SettingStatus.Applied)]
    [InlineData(125, "125", SettingStatus.Applied)]
    public void Defect6_e1000e_rx_usecs_modes_and_delays_are_written_and_read_back(long usecs, string held, SettingStatus status)
    {
        var rig = new Rig(E1000Simulator.E1000e("eth0"), NicClass.Emulated);

        var result = rig.Apply(new InterfaceSettings { Coalesce = new CoalesceSettings(RxUsecs: ProfileValue.Of(usecs)) });

        Assert.Equal((status, held), (Outcome(result, "coalesce.rx-usecs").Status, Outcome(result, "coalesce.rx-usecs").Actual));
    }

    [Fact]
    public void Defect7_an_mtu_raised_after_tuning_is_invisible_to_ethtool_and_is_no_drift()
    {
        // vmxnet3's get_ringparam reports adapter->rx_ring_size, the size last set; the ring the driver sized for the
        // new MTU (4032) cannot be read, so the plan has nothing to correct and must not try.
        var nic = new Vmxnet3Simulator("eth0", revision: 1, queues: 2, cpuCount: 2);
        var rig = new Rig(nic, NicClass.Paravirtual);
        var settings = new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(4096)) };
        Assert.Equal(SettingStatus.Applied, Outcome(rig.Apply(settings), "ring.rx").Status);

        nic.SetMtu(9000);

        Assert.Equal(("4096", 4032L), (nic.Read("ring.rx").Value, nic.EffectiveRx));
        var plan = rig.Plan(settings);
        Assert.Equal(PlanAction.Unchanged, Row(plan, "ring.rx").Action);
        Assert.Equal(0, plan.ChangeCount);
    }

    [Theory]
    [InlineData(200, "128")]
    [InlineData(255, "128")]
    [InlineData(64, "64")]
    public void Defect8_virtio_net_rings_are_planned_as_a_power_of_two_and_never_fail_at_write_time(long requested, string held)
    {
        var nic = new VirtioNetSimulator("eth0");
        var rig = new Rig(nic, NicClass.Paravirtual);
        var settings = new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(requested), Tx: ProfileValue.Of(requested)) };

        var plan = rig.Plan(settings);
        Assert.Equal((held == requested.ToString(System.Globalization.CultureInfo.InvariantCulture) ? PlanAction.Change : PlanAction.Clamped, held),
            (Row(plan, "ring.rx").Action, Row(plan, "ring.rx").Desired));

        var result = rig.Engine.Apply(plan);
        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal((held, held), (nic.Read("ring.rx").Value, nic.Read("ring.tx").Value));
    }

    [Fact]
    public void Defect8_virtio_net_rx_max_is_the_ring_it_was_created_with()
    {
        var rig = new Rig(new VirtioNetSimulator("eth0"), NicClass.Paravirtual);

        var plan = rig.Plan(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Max) });

        Assert.Equal((PlanAction.Unchanged, "256"), (Row(plan, "ring.rx").Action, Row(plan, "ring.rx").Desired));
    }

    [Fact]
    public void Defect10_plan_counts_steering_kept_across_a_link_reset_as_writes_but_not_as_changes()
    {
        var nic = new Vmxnet3Simulator("eth0", revision: 1, queues: 2, cpuCount: 2);
        var rig = new Rig(nic, NicClass.Paravirtual);
        rig.Apply(new InterfaceSettings { Rps = new RpsSettings(CpuSelection.All) });

        var plan = rig.Plan(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(2048)), Rps = new RpsSettings(CpuSelection.All) });

        Assert.Equal(1, plan.ChangeCount);
        Assert.True(plan.Changes.Count() > 1);
        Assert.All(plan.Changes.Where(r => r.Key != K("ring.rx")), r => Assert.False(r.ChangesValue));
    }

    [Fact]
    public void Defect8_the_headline_names_every_failure_not_only_the_first()
    {
        var host = new SimulatedHost().Add(new VirtioNetSimulator("eth0"));
        var store = new FaultInjectingStore(host)
        {
            BeforeWrite = (_, key, _) => key.Name is "txqueuelen" or "feature.rx-gro" ? new SettingWriteException(key, Errnos.EINVAL, "Invalid argument") : null,
        };
        var engine = new TransactionEngine(store, new InMemoryStateStore(), new FixedTimeProvider());
        var nic = new VirtioNetSimulator("eth0").ToInterface(NicClass.Paravirtual);
        var plan = engine.Plan(Profile(null, Any(new InterfaceSettings { TxQueueLen = 5000, Features = new Dictionary<string, bool> { ["rx-gro"] = false } })),
            Inventory(nic), Facts(cpus: 2));

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Contains("eth0 txqueuelen failed", result.Message, StringComparison.Ordinal);
        Assert.Contains("eth0 feature.rx-gro failed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defect5_the_link_reset_count_is_one_per_request_that_reset_the_device()
    {
        SettingOutcome Row(string name, SettingStatus status) => new(K(name), status, "1", "2", "2", null, string.Empty);
        var resetting = new HashSet<SettingKey> { K("ring.rx"), K("ring.rx-jumbo"), K("channels.combined") };
        TransactionResult Result(params SettingOutcome[] rows) =>
            new("id", TransactionKind.Apply, "apply", TransactionOutcome.Succeeded, rows, string.Empty, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        // Two ring fields are one SRINGPARAM; channels are another request.
        Assert.Equal(["eth0"], Nictune.Host.Tuning.EngineTuner.LinkResets(Result(Row("ring.rx", SettingStatus.Applied), Row("ring.rx-jumbo", SettingStatus.Applied)), resetting));
        Assert.Equal(["eth0", "eth0"], Nictune.Host.Tuning.EngineTuner.LinkResets(
            Result(Row("ring.rx", SettingStatus.Applied), Row("channels.combined", SettingStatus.Applied)), resetting));

        // Written and undone: two resets.
        Assert.Equal(["eth0", "eth0"], Nictune.Host.Tuning.EngineTuner.LinkResets(
            Result(Row("ring.rx", SettingStatus.RolledBack), Row("ring.rx-jumbo", SettingStatus.RolledBack)), resetting));
    }
}

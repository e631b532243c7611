using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Transactions;

public sealed class RollbackTests
{
    private static readonly SettingKey Somaxconn = SettingKey.Sysctl("net.core.somaxconn");
    private static readonly SettingKey Eth1TxQueueLen = SettingKey.Interface("eth1", "txqueuelen");

    /// <summary>A second profile: changes a key the first also changed, and one it never touched.</summary>
    private static Profile Second() => Profile(
        new Dictionary<string, string> { ["net.core.somaxconn"] = "16384" },
        Rule(new RuleMatch(Names: ["eth1"]), new InterfaceSettings { TxQueueLen = 2000, Features = new Dictionary<string, bool> { ["rx-gro"] = false } }));

    private static (Scenario Scenario, TransactionEngine Engine, InMemoryStateStore State, string AfterFirst) ApplyTwo()
    {
        var scenario = Scenario.Create();
        scenario.System.Nic("eth1", "feature.rx-gro", "off");
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        Assert.Equal(TransactionOutcome.Succeeded, engine.Apply(scenario.Plan(engine)).Outcome);
        var afterFirst = scenario.System.Snapshot();
        var second = engine.Plan(Second(), scenario.Inventory, scenario.Host);
        Assert.Equal(TransactionOutcome.Succeeded, engine.Apply(second).Outcome);
        return (scenario, engine, state, afterFirst);
    }

    [Fact]
    public void Rollback_previous_undoes_the_operators_last_apply_not_a_later_drift_correction()
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        Assert.Equal(TransactionOutcome.Succeeded, engine.Apply(scenario.Plan(engine)).Outcome);

        // Someone changes somaxconn behind the daemon's back; its next pass puts the profile's value back.
        scenario.System.Set(Somaxconn, "128");
        var drift = engine.Reconcile(scenario.Plan(engine));
        Assert.Equal((TransactionKind.Reconcile, TransactionOutcome.Succeeded), (drift.Kind, drift.Outcome));
        Assert.Equal("8192", scenario.System[Somaxconn]);

        var rollback = engine.Rollback(RollbackTarget.Previous, scenario.Inventory);
        Assert.Equal(TransactionOutcome.Succeeded, rollback.Outcome);
        Assert.Equal(state.History.Transactions[0].Id, rollback.Undoes);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
    }

    [Fact]
    public void The_baseline_keeps_the_value_before_nictune_and_only_gains_new_keys()
    {
        var (scenario, _, state, _) = ApplyTwo();

        Assert.Equal("4096", state.Baseline.Settings.Single(s => s.Key == Somaxconn).Value);
        Assert.Equal("1000", state.Baseline.Settings.Single(s => s.Key == Eth1TxQueueLen).Value);
        Assert.Equal(state.Baseline.Settings.Count, state.Baseline.Settings.Select(s => s.Key).Distinct().Count());
        Assert.Equal("16384", scenario.System[Somaxconn]);
    }

    [Fact]
    public void Rollback_previous_undoes_the_last_apply_then_the_one_before()
    {
        var (scenario, engine, _, afterFirst) = ApplyTwo();

        var first = engine.Rollback(RollbackTarget.Previous, scenario.Inventory);
        Assert.Equal((TransactionKind.RollbackPrevious, TransactionOutcome.Succeeded), (first.Kind, first.Outcome));
        Assert.Equal(afterFirst, scenario.System.Snapshot());

        var second = engine.Rollback(RollbackTarget.Previous, scenario.Inventory);
        Assert.Equal(TransactionOutcome.Succeeded, second.Outcome);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());

        var third = engine.Rollback(RollbackTarget.Previous, scenario.Inventory);
        Assert.Equal(TransactionOutcome.NoChanges, third.Outcome);
        Assert.StartsWith("nothing to roll back", third.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_baseline_restores_the_state_before_nictune_and_ends_the_previous_chain()
    {
        var (scenario, engine, _, _) = ApplyTwo();

        var dryRun = engine.PlanRollback(RollbackTarget.Baseline, scenario.Inventory);
        var result = engine.Rollback(RollbackTarget.Baseline, scenario.Inventory);

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
        Assert.Equal("sysctl net.core.somaxconn", dryRun[0].Key.ToString());
        Assert.Equal(TransactionOutcome.NoChanges, engine.Rollback(RollbackTarget.Previous).Outcome);
        Assert.Equal(TransactionOutcome.NoChanges, engine.Rollback(RollbackTarget.Baseline, scenario.Inventory).Outcome);
    }

    [Fact]
    public void A_rollback_that_fails_is_itself_rolled_back()
    {
        var (scenario, engine, _, _) = ApplyTwo();
        var before = scenario.System.Snapshot();
        scenario.Store.Reset();
        // Not a permanent refusal (which would skip that one baseline entry): the whole rollback is undone.
        scenario.Store.BeforeWrite = (index, key, _) => index == 2 ? new SettingWriteException(key, Errnos.ENOMEM, "Cannot allocate memory") : null;

        var result = engine.Rollback(RollbackTarget.Baseline, scenario.Inventory);

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Equal(before, scenario.System.Snapshot());
    }

    [Fact]
    public void A_setting_a_failed_transaction_wrote_and_undid_is_not_in_the_baseline_and_rollback_baseline_leaves_it_alone()
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);

        // Sysctls are written first, in profile order: somaxconn is written, tcp_rmem is refused, somaxconn is undone.
        scenario.Store.BeforeWrite = (index, key, _) => index == 1 ? new SettingWriteException(key, Errnos.EINVAL, "Invalid argument") : null;
        var failed = engine.Apply(plan);
        Assert.Equal(TransactionOutcome.FailedRolledBack, failed.Outcome);
        Assert.Equal(SettingStatus.RolledBack, failed.Settings.Single(s => s.Key == Somaxconn).Status);
        Assert.Empty(state.Baseline.Settings);

        // The operator sets somaxconn by hand; then a profile that leaves it alone commits.
        scenario.System.Set(Somaxconn, "2048");
        scenario.Store.Reset();
        var other = engine.Plan(Profile(new Dictionary<string, string>(), Rule(new RuleMatch(Names: ["eth1"]), new InterfaceSettings { TxQueueLen = 2000 })), scenario.Inventory, scenario.Host);
        Assert.Equal(TransactionOutcome.Succeeded, engine.Apply(other).Outcome);
        Assert.Equal([Eth1TxQueueLen], state.Baseline.Settings.Select(s => s.Key));

        Assert.Equal(TransactionOutcome.Succeeded, engine.Rollback(RollbackTarget.Baseline, scenario.Inventory).Outcome);
        Assert.Equal(("2048", "1000"), (scenario.System[Somaxconn], scenario.System[Eth1TxQueueLen]));
    }

    [Fact]
    public void A_failed_apply_is_not_what_rollback_previous_undoes()
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);
        scenario.Store.BeforeWrite = (index, key, _) => index == 1 ? new SettingWriteException(key, Errnos.EINVAL, "Invalid argument") : null;
        engine.Apply(plan);

        Assert.Equal(TransactionOutcome.NoChanges, engine.Rollback(RollbackTarget.Previous).Outcome);
    }

    [Fact]
    public void A_baseline_entry_the_kernel_refuses_for_good_is_skipped_and_the_rest_of_the_baseline_is_restored()
    {
        var (scenario, engine, _, _) = ApplyTwo();
        var stuck = SettingKey.Interface("eth1", "coalesce.adaptive-rx");
        scenario.Store.Reset();
        scenario.Store.BeforeWrite = (_, key, _) => key == stuck ? new SettingWriteException(key, Errnos.EINVAL, "Invalid argument") : null;

        var result = engine.Rollback(RollbackTarget.Baseline, scenario.Inventory);

        Assert.Equal((TransactionOutcome.Succeeded, 0), (result.Outcome, result.ExitCode));
        Assert.Equal(SettingStatus.Skipped, result.Settings.Single(s => s.Key == stuck).Status);
        Assert.Contains("1 baseline entry skipped: eth1 coalesce.adaptive-rx", result.Message, StringComparison.Ordinal);
        Assert.Equal(scenario.Initial.Replace("eth1 coalesce.adaptive-rx=off", "eth1 coalesce.adaptive-rx=on", StringComparison.Ordinal), scenario.System.Snapshot());
    }

    [Fact]
    public void A_baseline_entry_follows_its_device_across_a_rename_and_is_skipped_when_the_device_is_gone()
    {
        var system = new FakeSettingStore().Set(Somaxconn, "4096").Nic("ens1", "txqueuelen", "1000").Nic("ens2", "txqueuelen", "1000");
        var state = new InMemoryStateStore();
        var engine = new TransactionEngine(system, state, new FixedTimeProvider());
        var ens1 = Nic("ens1", "vmxnet3") with { DevicePath = "/sys/devices/pci0000:00/0000:0b:00.0" };
        var ens2 = Nic("ens2", "vmxnet3") with { DevicePath = "/sys/devices/pci0000:00/0000:13:00.0" };
        var profile = Profile(new Dictionary<string, string> { ["net.core.somaxconn"] = "8192" }, Any(new InterfaceSettings { TxQueueLen = 5000 }));
        Assert.Equal(TransactionOutcome.Succeeded, engine.Apply(engine.Plan(profile, Inventory(ens1, ens2), Facts(cpus: 4))).Outcome);
        Assert.Equal("/sys/devices/pci0000:00/0000:0b:00.0", state.Baseline.Settings.Single(s => s.Key.Target == "ens1").Device);

        // ens1 is renamed eth9; ens2's device is unplugged and another device takes its name.
        system.RemoveInterface("ens1").Nic("eth9", "txqueuelen", "5000").Nic("ens2", "txqueuelen", "5000");
        var eth9 = ens1 with { Name = "eth9" };
        var newcomer = Nic("ens2", "vmxnet3") with { DevicePath = "/sys/devices/pci0000:00/0000:1b:00.0" };

        var result = engine.Rollback(RollbackTarget.Baseline, Inventory(eth9, newcomer));

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal(("4096", "1000", "5000"), (system[Somaxconn], system[SettingKey.Interface("eth9", "txqueuelen")], system[SettingKey.Interface("ens2", "txqueuelen")]));
        Assert.Contains("1 baseline entry skipped: ens2 txqueuelen", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_state_directory_takes_over_the_old_baseline_instead_of_recording_tuned_values()
    {
        var (scenario, oldEngine, oldState, _) = ApplyTwo();
        var newState = new InMemoryStateStore();
        var engine = scenario.Engine(newState);

        Assert.Equal(oldState.Baseline.Settings.Count, engine.AdoptBaseline(oldState.Baseline));
        Assert.Equal(TransactionOutcome.NoChanges, engine.Apply(engine.Plan(Second(), scenario.Inventory, scenario.Host)).Outcome);
        Assert.Equal(0, engine.AdoptBaseline(oldEngine.ReadBaseline()));

        Assert.Equal(TransactionOutcome.Succeeded, engine.Rollback(RollbackTarget.Baseline, scenario.Inventory).Outcome);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
    }
}

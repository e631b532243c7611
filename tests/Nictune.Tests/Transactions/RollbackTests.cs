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
        scenario.Store.BeforeWrite = (index, key, _) => index == 2 ? new SettingWriteException(key, Errnos.EINVAL, "Invalid argument") : null;

        var result = engine.Rollback(RollbackTarget.Baseline, scenario.Inventory);

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Equal(before, scenario.System.Snapshot());
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
}

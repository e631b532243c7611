using Nictune.Core.Guard;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.Guard;

public sealed class GuardRevertTests
{
    private static readonly GuardVerdict LinkDown = new([new GuardEvidence(GuardChecks.Link, "eth0", "carrier still down 10.0s after the change")], TimeSpan.FromSeconds(10));

    [Fact]
    public void A_guard_failure_undoes_the_transaction_restoring_every_original_and_reports_it_guard_reverted_with_the_evidence()
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        var applied = engine.Apply(scenario.Plan(engine));
        Assert.Equal(TransactionOutcome.Succeeded, applied.Outcome);

        var undo = engine.Undo(applied, GuardRevert.Reason, scenario.Inventory);
        var reverted = GuardRevert.Compose(applied, undo, LinkDown);

        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
        Assert.Equal((TransactionKind.RollbackPrevious, applied.Id), (undo.Kind, undo.Undoes));
        Assert.StartsWith($"guard revert: undo {applied.Id}", undo.Description, StringComparison.Ordinal);
        Assert.Equal(TransactionOutcome.GuardReverted, reverted.Outcome);
        Assert.Equal(1, reverted.ExitCode);
        Assert.Equal(applied.Id, reverted.Id);
        Assert.Equal(LinkDown.Failures, reverted.Guard);
        Assert.Contains("carrier still down", reverted.Message, StringComparison.Ordinal);
        Assert.All(reverted.Settings.Where(s => applied.Settings.Single(a => a.Key == s.Key).Status is SettingStatus.Applied or SettingStatus.Adjusted),
            s => Assert.Equal(SettingStatus.RolledBack, s.Status));

        // The undo is recorded as the rollback of that apply: `rollback previous` no longer finds it.
        Assert.Null(state.History.Previous());
    }

    [Fact]
    public void Only_the_writes_on_the_interface_that_failed_the_guard_are_set_aside_until_the_wanted_value_changes()
    {
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new InMemoryStateStore());
        var applied = engine.Apply(scenario.Plan(engine));
        var reverted = GuardRevert.Compose(applied, engine.Undo(applied, GuardRevert.Reason, scenario.Inventory), LinkDown);
        var setAside = new SetAsideSettings();

        var aside = setAside.Record(reverted);

        Assert.NotEmpty(aside);
        Assert.All(aside, s => Assert.Equal(("eth0", SettingScope.Interface), (s.Key.Target, s.Key.Scope)));
        var replanned = setAside.Filter(scenario.Plan(engine));
        Assert.DoesNotContain(replanned.Rows, r => r.IsWrite && r.Key.Scope == SettingScope.Interface && r.Key.Target == "eth0");
        Assert.Contains(replanned.Rows, r => r.IsWrite && r.Key.Target == "eth1");
    }
}

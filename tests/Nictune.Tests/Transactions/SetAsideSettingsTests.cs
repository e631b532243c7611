using Nictune.Core.Planning;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;

namespace Nictune.Tests.Transactions;

public sealed class SetAsideSettingsTests
{
    [Fact]
    public void Every_permanent_refusal_of_a_pass_is_set_aside_at_once_and_the_next_pass_applies_the_rest()
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);
        var refusedKeys = new[] { SettingKey.Sysctl("net.core.somaxconn"), SettingKey.Interface("eth0", "coalesce.rx-usecs"), SettingKey.Interface("eth1", "txqueuelen") };
        var errnos = new Queue<int>([Errnos.EROFS, Errnos.EACCES, Errnos.EPERM]);
        var refuse = (Func<int, SettingKey, string, Exception?>)((_, key, _) =>
            refusedKeys.Contains(key) ? new SettingWriteException(key, errnos.Count > 0 ? errnos.Dequeue() : Errnos.EROFS, "refused") : null);
        scenario.Store.BeforeWrite = refuse;
        var setAside = new SetAsideSettings();

        var first = engine.Apply(plan);
        Assert.Equal(TransactionOutcome.FailedRolledBack, first.Outcome);
        Assert.Equal(refusedKeys.ToHashSet(), setAside.Record(first).Select(s => s.Key).ToHashSet());

        scenario.Store.Reset();
        scenario.Store.BeforeWrite = refuse;
        var second = engine.Apply(setAside.Filter(engine.Plan(scenario.Profile, scenario.Inventory, scenario.Host)));
        Assert.Equal(TransactionOutcome.Succeeded, second.Outcome);
        Assert.DoesNotContain(scenario.Store.WriteLog, w => refusedKeys.Contains(w.Key));
        Assert.Equal(2, state.History.Transactions.Count);
        Assert.Empty(setAside.Record(second));
    }

    [Fact]
    public void A_transient_failure_and_a_gone_interface_are_not_set_aside()
    {
        var key = SettingKey.Interface("eth0", "ring.rx");
        var gone = SettingKey.Interface("eth1", "ring.rx");
        var result = new TransactionResult("t", TransactionKind.Reconcile, "d", TransactionOutcome.FailedRolledBack,
            [
                new SettingOutcome(key, SettingStatus.Failed, "1", "2", "1", Errnos.EBUSY, "busy"),
                new SettingOutcome(gone, SettingStatus.Gone, "1", "2", null, null, "gone"),
            ], "m", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        var setAside = new SetAsideSettings();
        Assert.Empty(setAside.Record(result));
        Assert.Equal(0, setAside.Count);
    }

    [Fact]
    public void What_was_set_aside_for_an_interface_is_forgotten_when_it_goes_and_a_new_wanted_value_is_planned_again()
    {
        var key = SettingKey.Interface("y1", "ring.rx");
        var setAside = new SetAsideSettings();
        setAside.Record(new TransactionResult("t", TransactionKind.Reconcile, "d", TransactionOutcome.FailedRolledBack,
            [new SettingOutcome(key, SettingStatus.Failed, "1", "2", "1", Errnos.EINVAL, "no")], "m", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
        PlanRow Row(string desired) => new(key, "1", desired, desired, PlanAction.Change, "r");
        var plan = new TuningPlan("p", "s", [Row("2")], []);

        Assert.Empty(setAside.Filter(plan).Rows);
        Assert.Single(setAside.Filter(plan with { Rows = [Row("3")] }).Rows);

        setAside.Prune(new HashSet<string>(StringComparer.Ordinal) { "eth0" });
        Assert.Single(setAside.Filter(plan).Rows);
    }

    [Fact]
    public void The_rows_set_aside_that_a_plan_still_wants_come_back_with_the_refusal_s_errno()
    {
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new InMemoryStateStore());
        var plan = scenario.Plan(engine);
        var key = SettingKey.Sysctl("net.core.somaxconn");
        scenario.Store.BeforeWrite = (_, k, _) => k == key ? new SettingWriteException(k, Errnos.EINVAL, "refused") : null;
        var setAside = new SetAsideSettings();
        Assert.Empty(setAside.Within(plan));

        setAside.Record(engine.Apply(plan));

        var refused = Assert.Single(setAside.Within(plan));
        Assert.Equal((key, Errnos.EINVAL), (refused.Key, refused.Errno));
        Assert.Equal(plan.Rows.Single(r => r.Key == key).Desired, refused.Desired);
        Assert.Empty(setAside.Within(plan with { Rows = [.. plan.Rows.Where(r => r.Key != key)] }));
    }
}

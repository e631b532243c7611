using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Linux.State;
using Nictune.Tests.Simulators;
using Xunit;

namespace Nictune.Tests.Transactions;

public sealed class UndoAndRecoveryTests
{
    private static readonly int Writes = Scenario.WriteCount();

    public static TheoryData<int> WriteSteps() => [.. Enumerable.Range(0, Scenario.WriteCount())];

    /// <summary>The undo writes after the last apply write fails: one per earlier write that changed its value.</summary>
    public static TheoryData<int> UndoSteps() => [.. Enumerable.Range(0, CountUndoWrites())];

    private static int CountUndoWrites()
    {
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new InMemoryStateStore());
        var plan = scenario.Plan(engine);
        FailLastWrite(scenario);
        engine.Apply(plan);
        return scenario.Store.Writes - Writes;
    }

    private static void FailLastWrite(Scenario scenario, Func<int, SettingKey, Exception?>? undoFault = null) =>
        scenario.Store.BeforeWrite = (index, key, _) => index == Writes - 1
            ? new SettingWriteException(key, Errnos.EINVAL, "Invalid argument")
            : index >= Writes ? undoFault?.Invoke(index - Writes, key) : null;

    [Fact]
    public void Undo_has_steps_to_fail() => Assert.True(CountUndoWrites() >= Writes - 3);

    [Theory]
    [MemberData(nameof(UndoSteps))]
    public void An_undo_write_that_fails_once_is_retried_and_the_state_is_restored(int undoStep)
    {
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new InMemoryStateStore());
        var plan = scenario.Plan(engine);
        FailLastWrite(scenario, (i, key) => i == undoStep ? new SettingWriteException(key, Errnos.EBUSY, "Device or resource busy") : null);

        var result = engine.Apply(plan);

        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
    }

    [Fact]
    public void An_undo_that_keeps_failing_reports_exactly_which_setting_was_left_in_which_state()
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);
        var stuck = SettingKey.Interface("eth1", "ring.rx");
        FailLastWrite(scenario, (_, key) => key == stuck ? new SettingWriteException(key, Errnos.ENOMEM, "Cannot allocate memory") : null);

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.RollbackFailed, result.Outcome);
        Assert.Equal(3, result.ExitCode);
        var left = Assert.Single(result.LeftChanged);
        Assert.Equal((stuck, SettingStatus.RollbackFailed, "8192", "1024", (int?)Errnos.ENOMEM), (left.Key, left.Status, left.Actual, left.Original, left.Errno));
        Assert.Contains("eth1 ring.rx = 8192 (original 1024)", result.Message, StringComparison.Ordinal);
        Assert.Equal(scenario.Initial.Replace("eth1 ring.rx=1024", "eth1 ring.rx=8192", StringComparison.Ordinal), scenario.System.Snapshot());
        Assert.Null(state.Journal);
        Assert.Equal(TransactionOutcome.RollbackFailed, state.History.Transactions[^1].Outcome);

        // The one setting nictune left changed is in the baseline, with its original: rollback --to baseline can restore it.
        Assert.Equal([(stuck, "1024")], state.Baseline.Settings.Select(s => (s.Key, s.Value)));
    }

    [Theory]
    [MemberData(nameof(WriteSteps))]
    public void A_process_that_dies_before_any_write_is_recovered_by_the_next_run(int step) => CrashAndRecover(step, after: false);

    [Theory]
    [MemberData(nameof(WriteSteps))]
    public void A_process_that_dies_right_after_any_write_is_recovered_by_the_next_run(int step) => CrashAndRecover(step, after: true);

    private static void CrashAndRecover(int step, bool after)
    {
        using var dir = new TempStateDirectory();
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new FileStateStore(dir.Path));
        var plan = scenario.Plan(engine);
        if (after)
        {
            scenario.Store.AfterWrite = (index, _) => index == step ? new ProcessDiedException() : null;
        }
        else
        {
            scenario.Store.BeforeWrite = (index, _, _) => index == step ? new ProcessDiedException() : null;
        }

        Assert.Throws<ProcessDiedException>(() => engine.Apply(plan));
        Assert.True(File.Exists(Path.Join(dir.Path, FileStateStore.JournalFile)));

        scenario.Store.Reset();
        var fresh = scenario.Engine(new FileStateStore(dir.Path));
        var recovery = fresh.Recover();

        Assert.NotNull(recovery);
        Assert.Equal((TransactionKind.Recovery, TransactionOutcome.Succeeded, 0), (recovery.Kind, recovery.Outcome, recovery.ExitCode));
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
        Assert.False(File.Exists(Path.Join(dir.Path, FileStateStore.JournalFile)));
        Assert.Null(fresh.Recover());
        Assert.Null(fresh.ReadHistory().Previous());
    }

    [Fact]
    public void A_process_that_dies_during_readback_is_recovered()
    {
        using var dir = new TempStateDirectory();
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new FileStateStore(dir.Path));
        var plan = scenario.Plan(engine);
        scenario.Store.OnRead = (_, reading) => scenario.Store.Writes == Writes ? throw new ProcessDiedException() : reading;

        Assert.Throws<ProcessDiedException>(() => engine.Apply(plan));
        Assert.NotEqual(scenario.Initial, scenario.System.Snapshot());

        scenario.Store.Reset();
        Assert.Equal(TransactionOutcome.Succeeded, scenario.Engine(new FileStateStore(dir.Path)).Recover()!.Outcome);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
    }

    [Theory]
    [MemberData(nameof(UndoSteps))]
    public void A_process_that_dies_during_the_undo_is_recovered(int undoStep)
    {
        using var dir = new TempStateDirectory();
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new FileStateStore(dir.Path));
        var plan = scenario.Plan(engine);
        FailLastWrite(scenario, (i, _) => i == undoStep ? new ProcessDiedException() : null);

        Assert.Throws<ProcessDiedException>(() => engine.Apply(plan));

        scenario.Store.Reset();
        var recovery = scenario.Engine(new FileStateStore(dir.Path)).Recover();
        Assert.Equal(TransactionOutcome.Succeeded, recovery!.Outcome);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
    }

    [Fact]
    public void A_recovery_that_dies_is_retried_by_the_next_run()
    {
        using var dir = new TempStateDirectory();
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new FileStateStore(dir.Path));
        var plan = scenario.Plan(engine);
        scenario.Store.BeforeWrite = (index, _, _) => index == Writes - 1 ? new ProcessDiedException() : null;
        Assert.Throws<ProcessDiedException>(() => engine.Apply(plan));

        scenario.Store.Reset();
        scenario.Store.BeforeWrite = (index, _, _) => index == 3 ? new ProcessDiedException() : null;
        Assert.Throws<ProcessDiedException>(() => scenario.Engine(new FileStateStore(dir.Path)).Recover());

        scenario.Store.Reset();
        Assert.Equal(TransactionOutcome.Succeeded, scenario.Engine(new FileStateStore(dir.Path)).Recover()!.Outcome);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
    }

    [Fact]
    public void A_pending_journal_is_never_replaced_by_the_next_transaction()
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);
        scenario.Store.BeforeWrite = (index, _, _) => index == 3 ? new IOException("write 3 failed") : null;
        Assert.Throws<IOException>(() => engine.Apply(plan));
        var pending = state.Journal;
        Assert.NotNull(pending);

        // The next pass, planned against the half-applied state, is refused before it writes anything.
        scenario.Store.Reset();
        var next = scenario.Plan(engine);
        var refused = Assert.Throws<JournalPendingException>(() => engine.Apply(next));
        Assert.Same(pending, refused.Pending);
        Assert.Same(pending, state.Journal);
        Assert.Equal(0, scenario.Store.Writes);
        Assert.Throws<JournalPendingException>(() => engine.Rollback(RollbackTarget.Baseline));

        // Recovered first, the crashed transaction reaches the history and the next apply's originals are the true ones.
        Assert.Equal(TransactionOutcome.Succeeded, engine.Recover()!.Outcome);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
        var applied = engine.Apply(scenario.Plan(engine));
        Assert.Equal(TransactionOutcome.Succeeded, applied.Outcome);
        Assert.Equal([TransactionKind.Recovery, TransactionKind.Apply], state.History.Transactions.Select(t => t.Kind));
        Assert.Equal(pending.TransactionId, state.History.Transactions[0].Undoes);
        Assert.Equal(TransactionOutcome.Succeeded, engine.Rollback(RollbackTarget.Previous).Outcome);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
    }

    [Fact]
    public void Recovery_without_a_journal_does_nothing()
    {
        var scenario = Scenario.Create();
        Assert.Null(scenario.Engine(new InMemoryStateStore()).Recover());
        Assert.Equal(0, scenario.Store.Writes);
    }
}

using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;

namespace Nictune.Tests.Transactions;

/// <summary>
/// Issue 9 §3: a state write that fails after the kernel writes (a full disk at the history record) is never reported
/// as "nothing was changed". A successful apply is rolled back (exit 1), or the result names what was left (exit 3).
/// </summary>
public sealed class UnrecordedResultTests
{
    [Fact]
    public void A_history_write_that_fails_after_a_successful_apply_rolls_the_apply_back()
    {
        var scenario = Scenario.Create();
        var state = new FailingHistoryStore();
        state.WriteAdjusted(new AdjustedSettings([new AdjustedSetting(SettingKey.Interface("eth1", "txqueuelen"), "20000", "19999")]));
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("the result could not be recorded (/state/history.jsonl: No space left on device); every change was rolled back", result.Message, StringComparison.Ordinal);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
        Assert.Null(state.Journal);
        Assert.DoesNotContain(result.Settings, s => s.Status is SettingStatus.Applied or SettingStatus.Adjusted);

        // The apply's record forgot the adjustment and was stored before the history append failed: the stored
        // adjustments are dropped, not left ahead of the history.
        Assert.Null(state.ReadAdjusted());
    }

    [Fact]
    public void A_rollback_that_fails_too_is_exit_3_naming_what_was_left()
    {
        var scenario = Scenario.Create();
        var state = new FailingHistoryStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);
        var writes = Scenario.WriteCount();
        scenario.Store.BeforeWrite = (index, key, _) => index >= writes && key == SettingKey.Sysctl("net.core.somaxconn")
            ? new SettingWriteException(key, Errnos.EPERM, "Operation not permitted")
            : null;

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.RollbackFailed, result.Outcome);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("sysctl net.core.somaxconn = 8192 (original 4096)", result.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(result.LeftChanged).NotRestored);
    }

    [Fact]
    public void A_failed_apply_whose_record_fails_keeps_its_outcome_and_says_it_was_not_recorded()
    {
        var scenario = Scenario.Create();
        var state = new FailingHistoryStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);
        var writes = Scenario.WriteCount();
        scenario.Store.BeforeWrite = (index, key, _) => index == writes - 1 ? new SettingWriteException(key, Errnos.EINVAL, "Invalid argument") : null;

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Contains("; the result could not be recorded: /state/history.jsonl: No space left on device", result.Message, StringComparison.Ordinal);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
    }

    /// <summary>The journal and baseline fit; the history record does not.</summary>
    private sealed class FailingHistoryStore : IStateStore
    {
        private readonly InMemoryStateStore _inner = new();

        public Journal? Journal => _inner.Journal;

        public Journal? ReadJournal() => _inner.ReadJournal();

        public void WriteJournal(Journal journal) => _inner.WriteJournal(journal);

        public void ClearJournal() => _inner.ClearJournal();

        public Baseline ReadBaseline() => _inner.ReadBaseline();

        public void WriteBaseline(Baseline baseline, bool durableWithJournalRemoval = false) => _inner.WriteBaseline(baseline, durableWithJournalRemoval);

        public TransactionHistory ReadHistory() => _inner.ReadHistory();

        public AdjustedSettings? ReadAdjusted() => _inner.ReadAdjusted();

        public void WriteAdjusted(AdjustedSettings? adjusted, bool durableWithJournalRemoval = false) => _inner.WriteAdjusted(adjusted, durableWithJournalRemoval);

        public void AppendHistory(TransactionResult result) => throw new StateStoreException("/state/history.jsonl", "No space left on device");

        public Nictune.Core.Adaptive.AdaptiveOverlay ReadOverlay() => _inner.ReadOverlay();

        public void WriteOverlay(Nictune.Core.Adaptive.AdaptiveOverlay overlay) => _inner.WriteOverlay(overlay);
    }
}

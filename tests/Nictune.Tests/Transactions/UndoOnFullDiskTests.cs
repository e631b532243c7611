using Nictune.Core.Transactions;
using Nictune.Tests.Simulators;
using Xunit;

namespace Nictune.Tests.Transactions;

/// <summary>
/// Issue 25: undoing a change held pending confirmation (its deadline, or a pending record that could not be written)
/// on a state directory too full for the undo's journal. The journaled undo changes nothing then; the originals are
/// written back at once without it, and the result says the undo is not recorded.
/// </summary>
public sealed class UndoOnFullDiskTests
{
    /// <summary>The state store of a full disk from a point on: the journal cannot be written (as FileStateStore's free-space check refuses it).</summary>
    private sealed class FullAfterwards(InMemoryStateStore inner) : IStateStore
    {
        public bool Full { get; set; }

        public Journal? ReadJournal() => inner.ReadJournal();

        public void WriteJournal(Journal journal)
        {
            if (Full)
            {
                throw new StateStoreException("/state/journal.json", "not enough free space in /state; nothing was changed") { NoSpace = true };
            }

            inner.WriteJournal(journal);
        }

        public void ClearJournal() => inner.ClearJournal();

        public Baseline ReadBaseline() => inner.ReadBaseline();

        public void WriteBaseline(Baseline baseline, bool durableWithJournalRemoval = false) => inner.WriteBaseline(baseline, durableWithJournalRemoval);

        public TransactionHistory ReadHistory() => inner.ReadHistory();

        public void AppendHistory(TransactionResult result) => inner.AppendHistory(result);

        public AdjustedSettings? ReadAdjusted() => inner.ReadAdjusted();

        public void WriteAdjusted(AdjustedSettings? adjusted, bool durableWithJournalRemoval = false) => inner.WriteAdjusted(adjusted, durableWithJournalRemoval);

        public Nictune.Core.Adaptive.AdaptiveOverlay ReadOverlay() => inner.ReadOverlay();

        public void WriteOverlay(Nictune.Core.Adaptive.AdaptiveOverlay overlay) => inner.WriteOverlay(overlay);
    }

    [Fact]
    public void Undoing_a_transaction_when_its_journal_cannot_be_written_restores_every_original_at_once_and_says_it_is_not_recorded()
    {
        var scenario = Scenario.Create();
        var state = new FullAfterwards(new InMemoryStateStore());
        var engine = scenario.Engine(state);
        var applied = engine.Apply(scenario.Plan(engine));
        Assert.Equal(TransactionOutcome.Succeeded, applied.Outcome);
        Assert.NotEqual(scenario.Initial, scenario.System.Snapshot());

        state.Full = true;
        var undone = engine.Undo(applied.Id, scenario.Inventory);

        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
        Assert.Equal((applied.Id, TransactionOutcome.FailedRolledBack), (undone.Id, undone.Outcome));
        Assert.Contains("could not be recorded", undone.Message, StringComparison.Ordinal);
        Assert.Contains("every change was rolled back", undone.Message, StringComparison.Ordinal);
        Assert.Null(state.ReadJournal());
    }
}

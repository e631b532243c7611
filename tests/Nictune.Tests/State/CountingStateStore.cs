using Nictune.Core.Adaptive;
using Nictune.Core.Transactions;

namespace Nictune.Tests.State;

/// <summary>A state store that counts what the engine reads and writes through it: history reads, the records they parsed, adjustment writes.</summary>
internal sealed class CountingStateStore(IStateStore inner) : IStateStore
{
    public int HistoryReads { get; private set; }

    public int RecordsRead { get; private set; }

    public int AdjustedWrites { get; private set; }

    public void ResetCounts() => (HistoryReads, RecordsRead, AdjustedWrites) = (0, 0, 0);

    public Journal? ReadJournal() => inner.ReadJournal();

    public void WriteJournal(Journal journal) => inner.WriteJournal(journal);

    public void ClearJournal() => inner.ClearJournal();

    public Baseline ReadBaseline() => inner.ReadBaseline();

    public void WriteBaseline(Baseline baseline, bool durableWithJournalRemoval = false) => inner.WriteBaseline(baseline, durableWithJournalRemoval);

    public TransactionHistory ReadHistory()
    {
        var history = inner.ReadHistory();
        HistoryReads++;
        RecordsRead += history.Transactions.Count;
        return history;
    }

    public void AppendHistory(TransactionResult result) => inner.AppendHistory(result);

    public AdjustedSettings? ReadAdjusted() => inner.ReadAdjusted();

    public void WriteAdjusted(AdjustedSettings? adjusted, bool durableWithJournalRemoval = false)
    {
        AdjustedWrites++;
        inner.WriteAdjusted(adjusted, durableWithJournalRemoval);
    }

    public AdaptiveOverlay ReadOverlay() => inner.ReadOverlay();

    public void WriteOverlay(AdaptiveOverlay overlay) => inner.WriteOverlay(overlay);
}

using Nictune.Core.Transactions;

namespace Nictune.Tests.Simulators;

/// <summary>State kept in memory; the crash tests use the real file store instead.</summary>
internal sealed class InMemoryStateStore : IStateStore
{
    public Journal? Journal { get; private set; }

    public Baseline Baseline { get; private set; } = Baseline.Empty;

    public TransactionHistory History { get; private set; } = TransactionHistory.Empty;

    public Journal? ReadJournal() => Journal;

    public void WriteJournal(Journal journal) => Journal = journal;

    public void ClearJournal() => Journal = null;

    public Baseline ReadBaseline() => Baseline;

    public void WriteBaseline(Baseline baseline, bool durableWithJournalRemoval = false) => Baseline = baseline;

    public TransactionHistory ReadHistory() => History;

    public AdjustedSettings? Adjusted { get; private set; }

    public AdjustedSettings? ReadAdjusted() => Adjusted;

    public void WriteAdjusted(AdjustedSettings? adjusted, bool durableWithJournalRemoval = false) => Adjusted = adjusted;

    public Nictune.Core.Adaptive.AdaptiveOverlay Overlay { get; private set; } = Nictune.Core.Adaptive.AdaptiveOverlay.Empty;

    public Nictune.Core.Adaptive.AdaptiveOverlay ReadOverlay() => Overlay;

    public void WriteOverlay(Nictune.Core.Adaptive.AdaptiveOverlay overlay) => Overlay = overlay;

    public void AppendHistory(TransactionResult result) =>
        History = new TransactionHistory([.. History.Transactions.Skip(Math.Max(0, History.Transactions.Count + 1 - TransactionEngine.HistoryLimit)), result]);
}

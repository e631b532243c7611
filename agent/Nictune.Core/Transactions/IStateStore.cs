namespace Nictune.Core.Transactions;

/// <summary>
/// The port for nictune's durable state. Implementations make every write atomic (a reader sees the old or the new
/// document, never a torn one) and durable before returning, because the journal is what crash recovery trusts; the
/// exceptions are names a power loss may lose with the kernel settings they protect: the journal's, and a
/// transaction's own writes before its journal is removed (docs/state.md, "fsyncs").
/// Reads throw <see cref="StateStoreException"/> naming the file when a document is corrupt.
/// </summary>
public interface IStateStore
{
    /// <summary>The journal of an unfinished transaction, or null.</summary>
    Journal? ReadJournal();

    void WriteJournal(Journal journal);

    void ClearJournal();

    /// <summary>The baseline; <see cref="Baseline.Empty"/> before the first apply.</summary>
    Baseline ReadBaseline();

    /// <summary>
    /// Replaces the baseline. With <paramref name="durableWithJournalRemoval"/> the new name need not survive a power
    /// loss until the directory is next synced, at the latest when the transaction's journal is removed
    /// (docs/state.md, "fsyncs"); without it the baseline is durable when this returns.
    /// </summary>
    void WriteBaseline(Baseline baseline, bool durableWithJournalRemoval = false);

    /// <summary>The most recent transactions, oldest first (at most <see cref="TransactionEngine.HistoryLimit"/>).</summary>
    TransactionHistory ReadHistory();

    /// <summary>
    /// Records one finished transaction. Implementations append (never rewrite what is there) and keep the history
    /// bounded; the engine passes a compact record (<see cref="HistoryRecord.Compact"/>).
    /// </summary>
    void AppendHistory(TransactionResult result);

    /// <summary>
    /// The driver adjustments the history leaves in force (<see cref="Planning.DriverAdjustments"/>), kept beside it
    /// so that planning need not read the history; null when none was ever stored (a state directory from before it
    /// was kept, or one moved aside), in which case they are derived from <see cref="ReadHistory"/>.
    /// </summary>
    AdjustedSettings? ReadAdjusted();

    /// <summary>
    /// Replaces the stored adjustments atomically; null removes them, so that the next reader derives them from the
    /// history. <paramref name="durableWithJournalRemoval"/> as for <see cref="WriteBaseline"/>.
    /// </summary>
    void WriteAdjusted(AdjustedSettings? adjusted, bool durableWithJournalRemoval = false);

    /// <summary>The adaptive values applied on top of the profile (docs/adaptive.md); <see cref="Adaptive.AdaptiveOverlay.Empty"/> when none.</summary>
    Adaptive.AdaptiveOverlay ReadOverlay();

    /// <summary>Replaces the overlay atomically; an empty one removes it.</summary>
    void WriteOverlay(Adaptive.AdaptiveOverlay overlay);
}

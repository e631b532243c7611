namespace Nictune.Core.Transactions;

/// <summary>
/// The port for nictune's durable state. Implementations make every write atomic (a reader sees the old or the new
/// document, never a torn one) and durable before returning, because the journal is what crash recovery trusts; the
/// one exception is the journal's existence across a power loss, which may be lost with the kernel settings it protects
/// (docs/state.md, "fsyncs").
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

    void WriteBaseline(Baseline baseline);

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

    /// <summary>Replaces the stored adjustments atomically; null removes them, so that the next reader derives them from the history.</summary>
    void WriteAdjusted(AdjustedSettings? adjusted);

    /// <summary>The adaptive values applied on top of the profile (docs/adaptive.md); <see cref="Adaptive.AdaptiveOverlay.Empty"/> when none.</summary>
    Adaptive.AdaptiveOverlay ReadOverlay();

    /// <summary>Replaces the overlay atomically; an empty one removes it.</summary>
    void WriteOverlay(Adaptive.AdaptiveOverlay overlay);
}

namespace Nictune.Core.Transactions;

/// <summary>The most recent transactions, oldest first (capped at <see cref="TransactionEngine.HistoryLimit"/>).</summary>
public sealed record TransactionHistory(IReadOnlyList<TransactionResult> Transactions)
{
    public static TransactionHistory Empty { get; } = new([]);

    /// <summary>
    /// The transaction <c>rollback previous</c> undoes: the newest successful apply that no later rollback has undone,
    /// that is the last transaction an operator asked for. The daemon's own <see cref="TransactionKind.Reconcile"/>
    /// passes (drift corrections, hot-plugged interfaces) are skipped, and so is an apply that changed nothing (every
    /// write refused as unsupported): there is nothing to undo. A successful baseline rollback undoes everything before it.
    /// </summary>
    public TransactionResult? Previous()
    {
        var undone = new HashSet<string>(StringComparer.Ordinal);
        for (var i = Transactions.Count - 1; i >= 0; i--)
        {
            var t = Transactions[i];
            var succeeded = t.Outcome is TransactionOutcome.Succeeded;
            if (t.Kind == TransactionKind.RollbackBaseline && succeeded)
            {
                return null;
            }

            if (t.Kind == TransactionKind.RollbackPrevious && succeeded && t.Undoes is not null)
            {
                undone.Add(t.Undoes);
            }

            if (t.Kind == TransactionKind.Apply && succeeded && !undone.Contains(t.Id)
                && t.Settings.Any(s => s.Status is SettingStatus.Applied or SettingStatus.Adjusted))
            {
                return t;
            }
        }

        return null;
    }
}

namespace Nictune.Core.Transactions;

/// <summary>
/// Thrown when a transaction is asked to begin while the journal of an earlier, unfinished one is still on disk.
/// Beginning would replace that journal, so the half-applied values it protects would become the next
/// transaction's "originals" and the interrupted one would never reach the history. Call
/// <see cref="TransactionEngine.Recover"/> first.
/// </summary>
public sealed class JournalPendingException : InvalidOperationException
{
    public JournalPendingException(Journal pending)
        : base($"transaction {pending.TransactionId} ({pending.Description}) did not finish and its journal is still pending: recover it before starting another")
    {
        Pending = pending;
    }

    public JournalPendingException()
    {
    }

    public JournalPendingException(string message)
        : base(message)
    {
    }

    public JournalPendingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The unfinished transaction's journal; null only for the parameterless constructors.</summary>
    public Journal? Pending { get; }
}

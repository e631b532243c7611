namespace Nictune.Core.Transactions;

/// <summary>
/// Written before a transaction's first change and cleared after its result is recorded. A journal found at start-up
/// means a process died mid-transaction: <see cref="TransactionEngine.Recover"/> restores its originals.
/// </summary>
public sealed record Journal(
    string TransactionId,
    TransactionKind Kind,
    string Description,
    DateTimeOffset StartedAt,
    IReadOnlyList<JournalEntry> Entries);

using Nictune.Core.Transactions;

namespace Nictune.Core.Status;

/// <summary>The last transaction the agent ran, as <c>GetStatus</c> shows it.</summary>
public sealed record LastTransaction(
    string Id,
    DateTimeOffset FinishedAt,
    string Verb,
    TransactionOutcome Result,
    TimeSpan Duration,
    IReadOnlyDictionary<SettingStatus, int> Counts,
    string Message);

using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>One setting a transaction is about to change.</summary>
/// <param name="Key">The setting.</param>
/// <param name="Original">The raw value before the change; null when it does not exist yet (a queue created by a
/// channel change), so there is nothing to restore.</param>
/// <param name="Desired">The value being written.</param>
public sealed record JournalEntry(SettingKey Key, string? Original, string Desired);

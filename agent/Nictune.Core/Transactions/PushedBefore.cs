namespace Nictune.Core.Transactions;

/// <summary>
/// What the pushed store held before a push whose pass is pending confirmation (docs/state.md, "pending.json"): the
/// revert of that pass puts the store back to this, so that no reload or restart applies the reverted push again.
/// </summary>
/// <param name="Generation">The store's generation before the push, for the reader: the revert commits the next generation, never this one.</param>
/// <param name="Name">The profile pushed before, or null when none was.</param>
/// <param name="Document">Its document as stored, or null when none was pushed.</param>
public sealed record PushedBefore(ulong Generation, string? Name, string? Document);

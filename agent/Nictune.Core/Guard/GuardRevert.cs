using Nictune.Core.Transactions;

namespace Nictune.Core.Guard;

/// <summary>
/// The result the caller sees when the guard failed a transaction and it was undone: the transaction as applied, each
/// changed setting with what the undo left, the outcome <see cref="TransactionOutcome.GuardReverted"/> (or
/// <see cref="TransactionOutcome.RollbackFailed"/> when the undo could not restore everything) and the evidence.
/// </summary>
public static class GuardRevert
{
    /// <summary>What the history calls the undo.</summary>
    public const string Reason = "guard revert";

    public static TransactionResult Compose(TransactionResult applied, TransactionResult undo, GuardVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(undo);
        ArgumentNullException.ThrowIfNull(verdict);
        var undone = undo.Settings.ToDictionary(s => s.Key);
        var settings = applied.Settings.Select(s => !undone.TryGetValue(s.Key, out var u)
            ? s
            : u.NotRestored || u.Status == SettingStatus.RollbackFailed
                ? s with { Status = SettingStatus.RollbackFailed, Actual = u.Actual, Errno = u.Errno, Message = u.Message, NotRestored = true }
                : s with { Status = SettingStatus.RolledBack, Actual = u.Actual, Message = $"rolled back to {s.Original ?? "absent"} by the health guard" }).ToList();
        var left = settings.Where(s => s.NotRestored).ToList();
        return applied with
        {
            Outcome = left.Count == 0 ? TransactionOutcome.GuardReverted : TransactionOutcome.RollbackFailed,
            Settings = settings,
            Message = left.Count == 0
                ? $"the health guard failed the change ({verdict.Summary}); every change was rolled back"
                : $"the health guard failed the change ({verdict.Summary}); the rollback failed too, leaving " + SettingOutcomes.LeftList(left),
            FinishedAt = undo.FinishedAt,
            Guard = verdict.Failures,
        };
    }
}

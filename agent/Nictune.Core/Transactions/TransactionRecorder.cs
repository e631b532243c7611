using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>
/// A transaction's durable record after its writes: the baseline entries of what it left changed, the stored driver
/// adjustments, the history and the journal's removal, with what a failure to record means (a full
/// disk after a success undoes it). Settings are touched only to undo an unrecorded success.
/// </summary>
internal sealed class TransactionRecorder(ISettingStore settings, IStateStore state, TimeProvider time)
{
    /// <summary>
    /// Adds to the baseline the never-seen settings that <paramref name="result"/> left changed (<see cref="StaysChanged"/>),
    /// with their originals and each interface's device identity from <paramref name="plan"/>. A setting that was only
    /// planned, or written and rolled back, is not added: nictune never changed it, and a rollback to the baseline must
    /// not write it. When something is added and the plan says which interfaces exist (<see cref="TuningPlan.Present"/>),
    /// entries of gone interfaces are trimmed to <see cref="BaselineBound"/>'s limit in the same write.
    /// </summary>
    private void RecordBaseline(TransactionResult result, TuningPlan? plan)
    {
        var baseline = state.ReadBaseline();
        var known = baseline.Settings.Select(s => s.Key).ToHashSet();
        var devices = plan?.Devices;
        var added = result.Settings.Where(o => StaysChanged(o) && known.Add(o.Key))
            .Select(o => new BaselineSetting(o.Key, o.Original!,
                o.Key.Scope == SettingScope.Interface && devices is not null && devices.TryGetValue(o.Key.Target, out var device) ? device : null))
            .ToList();
        if (added.Count > 0)
        {
            IReadOnlyList<BaselineSetting> all = [.. baseline.Settings, .. added];
            // Its name becomes durable with the journal's removal: until then a power loss resets the settings whose
            // originals it adds, so the next transaction records them again (docs/state.md, "fsyncs").
            state.WriteBaseline(new Baseline(baseline.RecordedAt ?? result.StartedAt, plan?.Present is { } present ? BaselineBound.Trim(all, present) : all),
                durableWithJournalRemoval: true);
        }
    }

    /// <summary>
    /// A setting the transaction changed and that stays changed: applied or adjusted and not undone, or one an undo
    /// could not restore. One without an original (absent before) has nothing to restore.
    /// </summary>
    internal static bool StaysChanged(SettingOutcome outcome) =>
        outcome.Original is not null
        && (outcome.NotRestored || (outcome.Status is SettingStatus.Applied or SettingStatus.Adjusted));

    /// <summary>
    /// Records the baseline entries of what the result left changed (<see cref="RecordBaseline"/>), appends the
    /// result to the history, then clears the journal. All happen after the kernel writes, so a failure
    /// here (a full disk) must not be reported as "nothing was changed": a transaction that succeeded is rolled back
    /// from <paramref name="undo"/> (its journal's originals), which is also what recovery would do at the next start
    /// with the journal still there, and the result says so (exit 1, or 3 with what was left); any other result keeps
    /// its outcome and says that it was not recorded.
    /// </summary>
    public TransactionResult Record(TransactionResult result, IReadOnlyList<(SettingKey Key, string? Original)>? undo = null,
        TuningPlan? plan = null)
    {
        var adjustedWritten = false;
        try
        {
            // First: a crash after it leaves the journal, whose recovery puts the originals back, so an entry written
            // here and never committed holds the value the setting has again.
            RecordBaseline(result, plan);
            var record = HistoryRecord.Compact(result);
            adjustedWritten = RecordAdjustments(record, plan?.Drivers);
            state.AppendHistory(record);
            state.ClearJournal();
            return result;
        }
        catch (StateStoreException e)
        {
            if (adjustedWritten)
            {
                // The adjustments already count a transaction the history will not hold: forget them, so that the
                // next plan derives them from the history again (an unlink needs no free space).
                ForgetAdjustments();
            }

            return undo is null || result.Outcome != TransactionOutcome.Succeeded
                ? result with { Message = $"{result.Message}; the result could not be recorded: {e.Message}{ClearJournalAfterFailure()}" }
                : UndoUnrecorded(result, e, undo);
        }
    }

    /// <summary>
    /// The stored driver adjustments, or, when none are stored, those derived from the history (read in full once:
    /// a state directory from before they were kept, or after a recovery or a move aside).
    /// </summary>
    public (DriverAdjustments Adjustments, bool Stored) ReadAdjustments() =>
        state.ReadAdjusted() is { } stored
            ? (DriverAdjustments.From(stored), true)
            : (DriverAdjustments.From(state.ReadHistory()), false);

    /// <summary>
    /// Brings the stored driver adjustments up to date with <paramref name="record"/>, before it is appended to the
    /// history; true when the store was written. The order makes a crash between the two harmless: the stored
    /// adjustments can only be ahead of the history while the transaction's journal is still there, and recovering a
    /// journal removes them, so the next plan derives them from the history again.
    /// Nothing is written when the record changes nothing (most transactions: no driver adjusted anything).
    /// </summary>
    private bool RecordAdjustments(TransactionResult record, IReadOnlyDictionary<string, string>? devices)
    {
        if (record.Kind == TransactionKind.Recovery)
        {
            state.WriteAdjusted(null);
            return false;
        }

        var (before, stored) = ReadAdjustments();
        var after = before.After(record, devices);
        if (stored && ReferenceEquals(after, before))
        {
            return false;
        }

        // A document that only stores what the history already says (none was stored, and this record changes
        // nothing) may wait for the journal's removal to be durable; one this record changed may not get ahead of
        // the history without the journal (docs/state.md, "fsyncs").
        state.WriteAdjusted(after.ToDocument(), durableWithJournalRemoval: ReferenceEquals(after, before));
        return true;
    }

    /// <summary>Removes the stored driver adjustments; the next reader derives them from the history. Best effort.</summary>
    private void ForgetAdjustments()
    {
        try
        {
            state.WriteAdjusted(null);
        }
        catch (StateStoreException)
        {
            // Left as they were: they differ from the history by one transaction at most, which a failed record
            // already reports.
        }
    }

    /// <summary>
    /// Writes back the originals of <paramref name="result"/>, a success that is not to stay, without a journal or a
    /// record (the state directory could not take them: <paramref name="e"/>); the result says so.
    /// </summary>
    public TransactionResult UndoUnrecorded(TransactionResult result, StateStoreException e, IReadOnlyList<(SettingKey Key, string? Original)> undo)
    {
        var report = Restorer.Restore(settings, undo);
        var outcomes = result.Settings.Select(o =>
        {
            if (!report.TryGetValue(o.Key, out var r) || o.Status is not (SettingStatus.Applied or SettingStatus.Adjusted))
            {
                return o;
            }

            return r.Restored
                ? o with { Status = SettingStatus.RolledBack, Actual = r.Actual, Message = $"rolled back to {o.Original ?? "absent"}: the result could not be recorded" }
                : o with { Status = SettingStatus.RollbackFailed, Actual = r.Actual, Errno = r.Errno, Message = SettingOutcomes.LeftMessage(o.Original, r), NotRestored = true };
        }).ToList();
        var left = outcomes.Where(o => o.NotRestored).ToList();
        var cleared = ClearJournalAfterFailure();
        return left.Count == 0
            ? result with
            {
                Outcome = TransactionOutcome.FailedRolledBack, Settings = outcomes, FinishedAt = time.GetUtcNow(),
                Message = $"the result could not be recorded ({e.Message}); every change was rolled back{cleared}",
            }
            : result with
            {
                Outcome = TransactionOutcome.RollbackFailed, Settings = outcomes, FinishedAt = time.GetUtcNow(),
                Message = $"the result could not be recorded ({e.Message}); the rollback failed too, leaving " + SettingOutcomes.LeftList(left) + cleared,
            };
    }

    /// <summary>Removes the journal after a failed record; its originals are held now, so one left behind is harmless.</summary>
    private string ClearJournalAfterFailure()
    {
        try
        {
            state.ClearJournal();
            return string.Empty;
        }
        catch (StateStoreException e)
        {
            return $"; the journal remains ({e.Message}) and the next start restores its originals again";
        }
    }
}

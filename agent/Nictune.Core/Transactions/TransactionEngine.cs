using System.Globalization;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>
/// Plans and applies profiles as transactions, and rolls them back. Every verb should call <see cref="Recover"/>
/// first. The engine does no I/O of its own: settings go through <see cref="ISettingStore"/>, durable state through
/// <see cref="IStateStore"/>, and times come from the <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// A transaction: (1) the caller has validated the profile; (2) plan; (3) add never-seen keys to the baseline, then
/// write the journal of originals, both before the first change; (4) write in plan order; (5) read every change
/// back; (6) on a failure, undo every change and verify the undo; (7) bring the stored driver adjustments up to date,
/// append the result to the history, then clear the journal. The history is written before the journal is cleared:
/// if the process dies between the two, recovery undoes a transaction that never reported success, which is the
/// consistent choice.
/// </remarks>
public sealed class TransactionEngine
{
    /// <summary>How many transactions the history keeps.</summary>
    public const int HistoryLimit = 50;

    private readonly ISettingStore _settings;
    private readonly IStateStore _state;
    private readonly TimeProvider _time;

    public TransactionEngine(ISettingStore settings, IStateStore state, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(state);
        _settings = settings;
        _state = state;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Plans a resolved, validated profile. Nothing is written. A value the driver adjusted in an earlier transaction
    /// of the history satisfies its wish while the setting still holds it (<see cref="DriverAdjustments"/>); they are
    /// read from the small document the engine keeps beside the history (<see cref="IStateStore.ReadAdjusted"/>),
    /// not from the history itself, so a plan's cost does not grow with the history.
    /// </summary>
    /// <param name="profile">The resolved profile.</param>
    /// <param name="inventory">The interfaces.</param>
    /// <param name="host">CPUs and irqbalance.</param>
    /// <param name="overlay">The adaptive overlay to plan with; null reads the one in the state store.</param>
    public TuningPlan Plan(Profile profile, SystemInventory inventory, HostFacts host, Adaptive.AdaptiveOverlay? overlay = null) =>
        Planner.Plan(profile, inventory, host, _settings, ReadAdjustments().Adjustments, overlay ?? _state.ReadOverlay());

    /// <summary>The adaptive overlay in the state store.</summary>
    public Adaptive.AdaptiveOverlay ReadOverlay() => _state.ReadOverlay();

    /// <summary>Replaces the adaptive overlay in the state store.</summary>
    public void WriteOverlay(Adaptive.AdaptiveOverlay overlay) => _state.WriteOverlay(overlay);

    /// <summary>
    /// Applies a plan made just before: its <see cref="PlanRow.Current"/> values are the originals the journal keeps.
    /// Throws only for failures outside the kernel's refusals (state store errors, a dying process); the journal then
    /// lets <see cref="Recover"/> restore the originals. Throws <see cref="JournalPendingException"/>, changing nothing,
    /// while such a journal has not been recovered.
    /// </summary>
    public TransactionResult Apply(TuningPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Run(TransactionKind.Apply, $"apply {plan.Profile} ({plan.Source})", plan.Rows, undoes: null, plan);
    }

    /// <summary>
    /// Applies a plan the daemon made on its own (drift, a hot-plugged interface) exactly as <see cref="Apply"/> does,
    /// but records it as <see cref="TransactionKind.Reconcile"/>, so that <c>rollback --to previous</c> keeps meaning
    /// the last apply an operator asked for.
    /// </summary>
    /// <param name="plan">The plan, made just before.</param>
    /// <param name="description">What the history calls it; by default "reconcile PROFILE (SOURCE)".</param>
    public TransactionResult Reconcile(TuningPlan plan, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Run(TransactionKind.Reconcile, description ?? $"reconcile {plan.Profile} ({plan.Source})", plan.Rows, undoes: null, plan);
    }

    /// <summary>What a rollback would write; for <c>rollback --dry-run</c>. Empty when there is nothing to roll back.</summary>
    public IReadOnlyList<PlanRow> PlanRollback(RollbackTarget target, SystemInventory? inventory = null) =>
        PlanRollback(target, inventory, out _);

    /// <summary>
    /// Restores the baseline (every recorded key that differs) or undoes the last successful apply, as a transaction
    /// with its own journal. Pass the inventory so that link-resetting restores are ordered and guarded like applies.
    /// </summary>
    public TransactionResult Rollback(RollbackTarget target, SystemInventory? inventory = null)
    {
        var rows = PlanRollback(target, inventory, out var previous);
        var kind = target == RollbackTarget.Baseline ? TransactionKind.RollbackBaseline : TransactionKind.RollbackPrevious;
        if (target == RollbackTarget.Previous && previous is null)
        {
            var now = _time.GetUtcNow();
            return new TransactionResult(NewId(now), kind, "rollback previous", TransactionOutcome.NoChanges, [],
                "nothing to roll back: no successful apply is recorded since the last baseline rollback", now, now);
        }

        var description = previous is null ? "rollback baseline" : $"rollback previous: undo {previous.Id} ({previous.Description})";
        var result = Run(kind, description, rows, previous?.Id);

        // The baseline is the state before nictune's first change: adaptive values grown since are gone with the rest.
        if (target == RollbackTarget.Baseline && result.Outcome is TransactionOutcome.Succeeded or TransactionOutcome.NoChanges
            && _state.ReadOverlay().Entries.Count > 0)
        {
            _state.WriteOverlay(Adaptive.AdaptiveOverlay.Empty);
        }

        return result;
    }

    /// <summary>
    /// Run at the start of every verb. When a journal exists, a process died mid-transaction: its originals are
    /// restored and verified, the result is recorded and the journal cleared. Returns null when there was no journal.
    /// </summary>
    public TransactionResult? Recover()
    {
        var journal = _state.ReadJournal();
        if (journal is null)
        {
            return null;
        }

        var started = _time.GetUtcNow();
        var report = Restorer.Restore(_settings, journal.Entries.Select(e => (e.Key, e.Original)).ToList());
        var outcomes = journal.Entries.Select(e =>
        {
            var r = report[e.Key];
            if (r.Gone)
            {
                return new SettingOutcome(e.Key, SettingStatus.Gone, e.Original, e.Desired, null, null, $"{e.Key.Target} is gone: nothing left to restore");
            }

            return r.Restored
                ? new SettingOutcome(e.Key, r.Written ? SettingStatus.RolledBack : SettingStatus.Unchanged, e.Original, e.Desired, r.Actual, null,
                    r.Written ? $"restored {e.Original}" : "held its original")
                : new SettingOutcome(e.Key, SettingStatus.RollbackFailed, e.Original, e.Desired, r.Actual, r.Errno,
                    LeftMessage(e.Original, r), NotRestored: true);
        }).ToList();

        var failed = outcomes.Count(o => o.Status == SettingStatus.RollbackFailed);
        var result = new TransactionResult(NewId(started), TransactionKind.Recovery, $"recovery of {journal.TransactionId} ({journal.Description})",
            failed == 0 ? TransactionOutcome.Succeeded : TransactionOutcome.RollbackFailed, outcomes,
            failed == 0
                ? $"recovered from an interrupted transaction: {journal.Description}: originals restored"
                : $"recovery of an interrupted transaction ({journal.Description}) could not restore {failed} setting(s)",
            started, _time.GetUtcNow(), journal.TransactionId);
        return Record(result);
    }

    public Baseline ReadBaseline() => _state.ReadBaseline();

    /// <summary>
    /// Takes over another state directory's baseline when the agent moves to this one: every entry this baseline
    /// lacks is added as it was recorded there. The system is already tuned by then, so the first transaction here
    /// would otherwise record tuned values as the "originals" that <c>rollback --to baseline</c> restores. Entries
    /// this baseline already has stand. Returns how many were added.
    /// </summary>
    public int AdoptBaseline(Baseline older)
    {
        ArgumentNullException.ThrowIfNull(older);
        var baseline = _state.ReadBaseline();
        var known = baseline.Settings.Select(s => s.Key).ToHashSet();
        var added = older.Settings.Where(s => known.Add(s.Key)).ToList();
        if (added.Count > 0)
        {
            _state.WriteBaseline(new Baseline(baseline.RecordedAt ?? older.RecordedAt ?? _time.GetUtcNow(), [.. baseline.Settings, .. added]));
        }

        return added.Count;
    }

    public TransactionHistory ReadHistory() => _state.ReadHistory();

    private IReadOnlyList<PlanRow> PlanRollback(RollbackTarget target, SystemInventory? inventory, out TransactionResult? previous)
    {
        previous = null;
        if (target == RollbackTarget.Baseline)
        {
            var (targets, skipped) = BaselineTargets.Resolve(_state.ReadBaseline(), inventory);
            return [.. RestorePlanner.Plan(targets, inventory, _settings), .. skipped];
        }

        previous = _state.ReadHistory().Previous();
        if (previous is null)
        {
            return [];
        }

        var changed = previous.Settings
            .Where(s => s.Status is SettingStatus.Applied or SettingStatus.Adjusted && s.Original is not null)
            .Select(s => (s.Key, s.Original!));
        return RestorePlanner.Plan(changed, inventory, _settings);
    }

    private TransactionResult Run(TransactionKind kind, string description, IReadOnlyList<PlanRow> rows, string? undoes,
        TuningPlan? plan = null)
    {
        // Never replace the journal of an unfinished transaction: its originals are the only record of what it changed.
        if (_state.ReadJournal() is { } pending)
        {
            throw new JournalPendingException(pending);
        }

        var started = _time.GetUtcNow();
        var id = NewId(started);
        var outcomes = rows.Select(InitialOutcome).ToArray();
        var writes = Enumerable.Range(0, rows.Count).Where(i => rows[i].IsWrite).ToList();
        if (writes.Count == 0)
        {
            return new TransactionResult(id, kind, description, TransactionOutcome.NoChanges, outcomes, "nothing to change", started, _time.GetUtcNow(), undoes);
        }

        RecordBaseline(writes.Select(i => rows[i]), plan, started);
        _state.WriteJournal(new Journal(id, kind, description, started, writes.Select(i => new JournalEntry(rows[i].Key, rows[i].Current, rows[i].Desired!)).ToList()));

        var changed = new List<int>();
        var done = new HashSet<int>();
        var channelsRefused = new HashSet<string>(StringComparer.Ordinal);
        var gone = new HashSet<string>(StringComparer.Ordinal);
        var failed = false;
        for (var w = 0; w < writes.Count; w++)
        {
            var i = writes[w];
            var row = rows[i];
            if (!done.Add(i))
            {
                continue;
            }

            if (row.Key.Scope == SettingScope.Interface && gone.Contains(row.Key.Target))
            {
                outcomes[i] = GoneOutcome(outcomes[i]);
                continue;
            }

            // A row with no current value is a queue that only the device's channel change creates (plan order puts
            // channels first): with that change refused the queue never appears, so writing it could only fail.
            if (row.Current is null && row.Key.Scope == SettingScope.Interface && channelsRefused.Contains(row.Key.Target))
            {
                outcomes[i] = outcomes[i] with { Status = SettingStatus.Unsupported, Message = "not written: the channel change it depends on was refused" };
                continue;
            }

            // All of a device's features go in one request, so the kernel sees dependent changes together; so do its
            // channel counts and its ring sizes, so that a device that quiesces or resets on such a change does so once.
            var settingKind = SettingNames.KindOf(row.Key.Name);
            var batch = SettingNames.IsWrittenTogether(settingKind) && row.Key.Scope == SettingScope.Interface
                ? writes.Skip(w).Where(j => rows[j].Key.Scope == SettingScope.Interface && rows[j].Key.Target == row.Key.Target && SettingNames.KindOf(rows[j].Key.Name) == settingKind).ToList()
                : [i];
            done.UnionWith(batch);
            try
            {
                if (batch.Count == 1)
                {
                    _settings.Write(row.Key, row.Desired!);
                }
                else
                {
                    _settings.WriteTogether([.. batch.Select(j => KeyValuePair.Create(rows[j].Key, rows[j].Desired!))]);
                }

                changed.AddRange(batch);
            }
            catch (SettingWriteException e)
            {
                if (row.Key.Scope == SettingScope.Interface && !_settings.InterfaceExists(row.Key.Target))
                {
                    gone.Add(row.Key.Target);
                    foreach (var j in batch)
                    {
                        outcomes[j] = GoneOutcome(outcomes[j]);
                    }

                    continue;
                }

                var refused = e.Keys.ToHashSet();
                foreach (var j in batch)
                {
                    var key = rows[j].Key;
                    if (!refused.Contains(key))
                    {
                        changed.Add(j);
                    }
                    else if (kind == TransactionKind.RollbackBaseline && e.IsPermanent)
                    {
                        // One stale entry (a device that can no longer hold its old value) must not keep the rest of
                        // the baseline from being restored: it is skipped and reported.
                        outcomes[j] = outcomes[j] with { Status = SettingStatus.Skipped, Errno = e.Errno, Message = $"skipped: {e.Message}" };
                    }
                    else if (IsUnsupportedRefusal(key, e))
                    {
                        outcomes[j] = outcomes[j] with { Status = SettingStatus.Unsupported, Errno = e.Errno, Message = $"the device refused it as unsupported: {e.Message}" };
                    }
                    else
                    {
                        outcomes[j] = outcomes[j] with { Status = SettingStatus.Failed, Errno = e.Errno, Message = e.Message };

                        // A refused write may still have changed part of a grouped operation: the undo checks it too.
                        changed.Add(j);
                        failed = true;
                    }
                }

                if (row.Key.Scope == SettingScope.Interface && SettingNames.KindOf(row.Key.Name) == SettingKind.Channels)
                {
                    channelsRefused.Add(row.Key.Target);
                }

                // A permanent refusal changed nothing and will come again: go on, so that one pass meets every such
                // refusal (the daemon sets them all aside at once) instead of one transaction per refusal. Anything
                // else (EBUSY past its retries, EIO, ENOMEM) stops the writes here.
                if (failed && !e.IsPermanent)
                {
                    break;
                }
            }
        }

        if (!failed)
        {
            // After the last write: each device's ethtool blocks are read once for all its changed rows.
            using var pass = _settings.ReadPass();
            foreach (var i in changed)
            {
                outcomes[i] = ReadBack(rows[i], outcomes[i]);
                if (outcomes[i].Status == SettingStatus.Adjusted && kind is TransactionKind.RollbackBaseline or TransactionKind.RollbackPrevious)
                {
                    outcomes[i] = outcomes[i] with
                    {
                        Status = SettingStatus.RollbackFailed, NotRestored = true,
                        Message = $"not restored: wrote {rows[i].Desired}, the driver holds {outcomes[i].Actual}",
                    };
                }
            }
        }

        var failures = outcomes.Count(o => o.Status == SettingStatus.Failed);
        if (failures == 0)
        {
            var adjusted = outcomes.Count(o => o.Status == SettingStatus.Adjusted);
            var applied = outcomes.Count(o => o.Status == SettingStatus.Applied);
            var vanished = outcomes.Count(o => o.Status == SettingStatus.Gone);
            var message = adjusted == 0 ? $"{applied} setting(s) applied" : $"{applied} setting(s) applied, {adjusted} adjusted by the driver";
            if (vanished > 0)
            {
                message += $"; {vanished} not applied: their interface is gone";
            }

            var skipped = kind == TransactionKind.RollbackBaseline
                ? outcomes.Where(o => o.Status is SettingStatus.Skipped or SettingStatus.Unsupported).ToList()
                : [];
            if (skipped.Count > 0)
            {
                message += $"; {skipped.Count} baseline entr{(skipped.Count == 1 ? "y" : "ies")} skipped: " + string.Join(", ", skipped.Select(o => o.Key.ToString()));
            }

            // A rollback is there to put the originals back: a value the driver rounded on the way (vmxnet3 at MTU 9000
            // holds 1056 for 1024, docs/drivers.md §5) is not restored, and the rollback says so with the value left.
            var notRestored = kind is TransactionKind.RollbackBaseline or TransactionKind.RollbackPrevious
                ? outcomes.Where(o => o.NotRestored).ToList()
                : [];
            if (notRestored.Count > 0)
            {
                var partial = new TransactionResult(id, kind, description, TransactionOutcome.RollbackFailed, outcomes,
                    $"{description} could not restore {notRestored.Count} setting(s), leaving " +
                    string.Join(", ", notRestored.Select(o => $"{o.Key} = {o.Actual} instead of {o.Desired}")) + "; " + message,
                    started, _time.GetUtcNow(), undoes);
                return Record(partial, devices: plan?.Drivers);
            }

            var success = new TransactionResult(id, kind, description, TransactionOutcome.Succeeded, outcomes, message, started, _time.GetUtcNow(), undoes);
            return Record(success, writes.Select(i => (rows[i].Key, rows[i].Current)).ToList(), plan?.Drivers);
        }

        // Every journaled setting is restored, not only those written: undoing a link-resetting change clobbers steering
        // that this transaction never reached, and the journal holds its original too. Settings that still hold their
        // original are read, not written.
        var report = Restorer.Restore(_settings, writes.Select(i => (rows[i].Key, rows[i].Current)).ToList());
        var attempted = changed.ToHashSet();
        foreach (var i in writes)
        {
            var r = report[rows[i].Key];
            var o = outcomes[i];
            if (r.Gone)
            {
                outcomes[i] = o.Status == SettingStatus.Failed ? o with { Actual = null } : GoneOutcome(o);
            }
            else if (o.Status == SettingStatus.Failed)
            {
                outcomes[i] = r.Restored ? o with { Actual = r.Actual } : o with { Actual = r.Actual, Message = $"{o.Message}; {LeftMessage(o.Original, r)}", NotRestored = true };
            }
            else if (!r.Restored)
            {
                outcomes[i] = o with { Status = SettingStatus.RollbackFailed, Actual = r.Actual, Errno = r.Errno, Message = LeftMessage(o.Original, r), NotRestored = true };
            }
            else if (attempted.Contains(i))
            {
                outcomes[i] = o with { Status = SettingStatus.RolledBack, Actual = r.Actual, Message = $"rolled back to {o.Original ?? "absent"}" };
            }
            else if (o.Status is not SettingStatus.Unsupported and not SettingStatus.Gone)
            {
                outcomes[i] = o with { Status = SettingStatus.NotAttempted, Actual = r.Actual, Message = "not attempted: an earlier write failed" };
            }
        }

        var left = outcomes.Where(o => o.NotRestored).ToList();

        // Every failure is named: a pass that meets several permanent refusals reports them all at once.
        var causes = string.Join("; ", outcomes.Where(o => o.Status == SettingStatus.Failed).Select(o => $"{o.Key} failed: {o.Message}"));
        var result = left.Count == 0
            ? new TransactionResult(id, kind, description, TransactionOutcome.FailedRolledBack, outcomes,
                $"{causes}; every change was rolled back", started, _time.GetUtcNow(), undoes)
            : new TransactionResult(id, kind, description, TransactionOutcome.RollbackFailed, outcomes,
                $"{causes}; the rollback failed too, leaving " + LeftList(left),
                started, _time.GetUtcNow(), undoes);
        return Record(result, devices: plan?.Drivers);
    }

    private static SettingOutcome GoneOutcome(SettingOutcome outcome) =>
        outcome with { Status = SettingStatus.Gone, Actual = null, Errno = null, Message = $"{outcome.Key.Target} is gone: nothing left to change or restore", NotRestored = false };

    private static SettingOutcome InitialOutcome(PlanRow row) => row switch
    {
        { Action: PlanAction.Unsupported } => new SettingOutcome(row.Key, SettingStatus.Unsupported, row.Current, row.Desired, null, null, row.Reason),
        { IsWrite: false } => new SettingOutcome(row.Key, SettingStatus.Unchanged, row.Current, row.Desired, row.Current, null, row.Reason),
        _ => new SettingOutcome(row.Key, SettingStatus.NotAttempted, row.Current, row.Desired, null, null, row.Reason),
    };

    private static string LeftList(IEnumerable<SettingOutcome> left) =>
        string.Join(", ", left.Select(o => $"{o.Key} = {o.Actual ?? "unreadable"} (original {o.Original})"));

    /// <summary>
    /// EOPNOTSUPP means the device lacks the operation and nothing changed: for features, coalesce parameters and
    /// channels (drivers with a get-only op) that is an unsupported setting, not a failed transaction. Managed IRQs
    /// refuse affinity writes with EIO (docs/drivers.md §8): the kernel, not us, owns them.
    /// </summary>
    private static bool IsUnsupportedRefusal(SettingKey key, SettingWriteException e)
    {
        var kind = SettingNames.KindOf(key.Name);
        if (e.IsUnsupported)
        {
            return kind is SettingKind.Feature or SettingKind.Coalesce or SettingKind.Channels;
        }

        return e.Errno == Errnos.EIO && kind == SettingKind.IrqAffinity;
    }

    /// <summary>
    /// Drivers round ring sizes (vmxnet3 rev 7 takes 3000 as 2048, docs/drivers.md §5). A readback that differs from the
    /// desired value is "adjusted" when it moved from the original toward the desired value, and a failure when it
    /// did not move, moved away, or the value is not a number (masks, features and sysctl text must hold exactly).
    /// </summary>
    private SettingOutcome ReadBack(PlanRow row, SettingOutcome outcome)
    {
        var reading = _settings.Read(row.Key);
        var actual = reading.Value;
        if (!reading.IsSupported)
        {
            return row.Key.Scope == SettingScope.Interface && !_settings.InterfaceExists(row.Key.Target)
                ? GoneOutcome(outcome)
                : outcome with { Status = SettingStatus.Failed, Message = $"readback failed: {reading.UnsupportedReason}" };
        }

        if (SettingValues.AreEqual(row.Key, actual, row.Desired))
        {
            return outcome with { Status = SettingStatus.Applied, Actual = actual, Message = row.Reason };
        }

        var moved = SettingValues.TryParseNumber(row.Current, out var original)
            && SettingValues.TryParseNumber(row.Desired, out var desired)
            && SettingValues.TryParseNumber(actual, out var held)
            && desired != original
            && (desired > original ? held > original : held < original);
        return moved
            ? outcome with { Status = SettingStatus.Adjusted, Actual = actual, Message = $"adjusted by the driver: wrote {row.Desired}, the kernel holds {actual}" }
            : outcome with { Status = SettingStatus.Failed, Actual = actual, Message = $"readback: wrote {row.Desired}, the kernel holds {actual ?? "nothing"}" };
    }

    private static string LeftMessage(string? original, RestoredSetting r)
    {
        var why = r.Error is null ? "the restore did not hold" : $"restore failed: {r.Error}";
        return $"rollback failed: left at {r.Actual ?? "unreadable"} instead of {original ?? "absent"} ({why})";
    }

    /// <summary>
    /// Adds the never-seen keys among <paramref name="writes"/> to the baseline, with each interface's device identity
    /// from <paramref name="plan"/>. When something is added and the plan says which interfaces exist
    /// (<see cref="TuningPlan.Present"/>), entries of gone interfaces are trimmed to <see cref="BaselineBound"/>'s limit
    /// in the same write.
    /// </summary>
    private void RecordBaseline(IEnumerable<PlanRow> writes, TuningPlan? plan, DateTimeOffset now)
    {
        var baseline = _state.ReadBaseline();
        var known = baseline.Settings.Select(s => s.Key).ToHashSet();
        var devices = plan?.Devices;
        var added = writes.Where(w => w.Current is not null && known.Add(w.Key))
            .Select(w => new BaselineSetting(w.Key, w.Current!,
                w.Key.Scope == SettingScope.Interface && devices is not null && devices.TryGetValue(w.Key.Target, out var device) ? device : null))
            .ToList();
        if (added.Count > 0)
        {
            IReadOnlyList<BaselineSetting> settings = [.. baseline.Settings, .. added];
            _state.WriteBaseline(new Baseline(baseline.RecordedAt ?? now, plan?.Present is { } present ? BaselineBound.Trim(settings, present) : settings));
        }
    }

    /// <summary>
    /// Appends the result to the history, then clears the journal. Both happen after the kernel writes, so a failure
    /// here (a full disk) must not be reported as "nothing was changed": a transaction that succeeded is rolled back
    /// from <paramref name="undo"/> (its journal's originals), which is also what recovery would do at the next start
    /// with the journal still there, and the result says so (exit 1, or 3 with what was left); any other result keeps
    /// its outcome and says that it was not recorded.
    /// </summary>
    private TransactionResult Record(TransactionResult result, IReadOnlyList<(SettingKey Key, string? Original)>? undo = null,
        IReadOnlyDictionary<string, string>? devices = null)
    {
        var adjustedWritten = false;
        try
        {
            var record = HistoryRecord.Compact(result);
            adjustedWritten = RecordAdjustments(record, devices);
            _state.AppendHistory(record);
            _state.ClearJournal();
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
    private (DriverAdjustments Adjustments, bool Stored) ReadAdjustments() =>
        _state.ReadAdjusted() is { } stored
            ? (DriverAdjustments.From(stored), true)
            : (DriverAdjustments.From(_state.ReadHistory()), false);

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
            _state.WriteAdjusted(null);
            return false;
        }

        var (before, stored) = ReadAdjustments();
        var after = before.After(record, devices);
        if (stored && ReferenceEquals(after, before))
        {
            return false;
        }

        _state.WriteAdjusted(after.ToDocument());
        return true;
    }

    /// <summary>Removes the stored driver adjustments; the next reader derives them from the history. Best effort.</summary>
    private void ForgetAdjustments()
    {
        try
        {
            _state.WriteAdjusted(null);
        }
        catch (StateStoreException)
        {
            // Left as they were: they differ from the history by one transaction at most, which a failed record
            // already reports.
        }
    }

    private TransactionResult UndoUnrecorded(TransactionResult result, StateStoreException e, IReadOnlyList<(SettingKey Key, string? Original)> undo)
    {
        var report = Restorer.Restore(_settings, undo);
        var outcomes = result.Settings.Select(o =>
        {
            if (!report.TryGetValue(o.Key, out var r) || o.Status is not (SettingStatus.Applied or SettingStatus.Adjusted))
            {
                return o;
            }

            return r.Restored
                ? o with { Status = SettingStatus.RolledBack, Actual = r.Actual, Message = $"rolled back to {o.Original ?? "absent"}: the result could not be recorded" }
                : o with { Status = SettingStatus.RollbackFailed, Actual = r.Actual, Errno = r.Errno, Message = LeftMessage(o.Original, r), NotRestored = true };
        }).ToList();
        var left = outcomes.Where(o => o.NotRestored).ToList();
        var cleared = ClearJournalAfterFailure();
        return left.Count == 0
            ? result with
            {
                Outcome = TransactionOutcome.FailedRolledBack, Settings = outcomes, FinishedAt = _time.GetUtcNow(),
                Message = $"the result could not be recorded ({e.Message}); every change was rolled back{cleared}",
            }
            : result with
            {
                Outcome = TransactionOutcome.RollbackFailed, Settings = outcomes, FinishedAt = _time.GetUtcNow(),
                Message = $"the result could not be recorded ({e.Message}); the rollback failed too, leaving " + LeftList(left) + cleared,
            };
    }

    /// <summary>Removes the journal after a failed record; its originals are held now, so one left behind is harmless.</summary>
    private string ClearJournalAfterFailure()
    {
        try
        {
            _state.ClearJournal();
            return string.Empty;
        }
        catch (StateStoreException e)
        {
            return $"; the journal remains ({e.Message}) and the next start restores its originals again";
        }
    }

    private static string NewId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}")[..25];
}

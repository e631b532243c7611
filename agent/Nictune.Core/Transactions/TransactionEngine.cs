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
    private readonly TransactionRecorder _recorder;

    public TransactionEngine(ISettingStore settings, IStateStore state, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(state);
        _settings = settings;
        _state = state;
        _time = time ?? TimeProvider.System;
        _recorder = new TransactionRecorder(settings, state, _time);
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
        Planner.Plan(profile, inventory, host, _settings, _recorder.ReadAdjustments().Adjustments, overlay ?? _state.ReadOverlay());

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

    /// <summary>
    /// Records a pass of <paramref name="plan"/> that had nothing left to write while the profile is not wholly in force:
    /// <paramref name="notInForce"/>, the settings the kernel refused for good, were set aside. It is a transaction of
    /// no writes whose outcome is <see cref="TransactionOutcome.Partial"/>, appended to the history like any (without
    /// <see cref="TransactionResult.NotInForce"/>, which the message names), so that the history's last record says
    /// what the caller hears. Throws <see cref="JournalPendingException"/>, changing nothing, while a journal is pending.
    /// </summary>
    /// <param name="kind"><see cref="TransactionKind.Apply"/> or <see cref="TransactionKind.Reconcile"/>, as the pass's verb.</param>
    public TransactionResult RecordNotInForce(TuningPlan plan, TransactionKind kind, IReadOnlyList<SettingOutcome> notInForce)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (_state.ReadJournal() is { } pending)
        {
            throw new JournalPendingException(pending);
        }

        var now = _time.GetUtcNow();
        var verb = kind == TransactionKind.Reconcile ? "reconcile" : "apply";
        var partial = new TransactionResult(NewId(now), kind, $"{verb} {plan.Profile} ({plan.Source})", TransactionOutcome.NoChanges, [], "nothing to change", now, now)
            .LeavingOut(notInForce);
        return _recorder.Record(partial with { NotInForce = null }, plan: plan) with { NotInForce = partial.NotInForce };
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
    /// Undoes the recorded transaction <paramref name="transactionId"/> (a change not confirmed in time, or one whose
    /// pending record could not be written): every setting it changed back to its original, as <see cref="Rollback"/>
    /// undoes the last apply, recorded as a rollback that names it. A transaction the history does not hold has nothing
    /// to undo (NoChanges, saying so). When the state directory cannot take the undo's journal (a full disk: the undo
    /// changed nothing yet), the originals are written back at once without one, as recovery would write them, and the
    /// result (the transaction, its settings rolled back) says that the undo is not recorded: a change that nothing
    /// would revert is never left for want of space.
    /// </summary>
    public TransactionResult Undo(string transactionId, SystemInventory? inventory = null)
    {
        if (_state.ReadHistory().Transactions.LastOrDefault(t => t.Id == transactionId) is not { } target)
        {
            var now = _time.GetUtcNow();
            return new TransactionResult(NewId(now), TransactionKind.RollbackPrevious, $"undo {transactionId}", TransactionOutcome.NoChanges, [],
                $"nothing to undo: transaction {transactionId} is not in the history", now, now);
        }

        try
        {
            return Undo(target, "not confirmed in time", inventory);
        }
        catch (StateStoreException e) when (!HasPendingJournal())
        {
            return _recorder.UndoUnrecorded(target, e, [.. Changed(target).Select(c => (c.Key, (string?)c.Original))]);
        }
    }

    /// <summary>
    /// Undoes <paramref name="done"/>, a transaction that succeeded before (the health guard found it broke the link,
    /// or it was not confirmed in time), exactly as <c>rollback previous</c> undoes an apply: a rollback transaction
    /// with its own journal that names the transaction it undoes, so <see cref="TransactionHistory.Previous"/> skips
    /// it afterwards.
    /// </summary>
    /// <param name="done">The transaction to undo.</param>
    /// <param name="why">What the history calls the reason, e.g. "guard revert".</param>
    /// <param name="inventory">The interfaces, so that link-resetting restores are ordered like applies.</param>
    public TransactionResult Undo(TransactionResult done, string why, SystemInventory? inventory = null)
    {
        ArgumentNullException.ThrowIfNull(done);
        var rows = RestorePlanner.Plan(Changed(done), inventory, _settings);
        return Run(TransactionKind.RollbackPrevious, $"{why}: undo {done.Id} ({done.Description})", rows, done.Id);
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
                    SettingOutcomes.LeftMessage(e.Original, r), NotRestored: true);
        }).ToList();

        var failed = outcomes.Count(o => o.Status == SettingStatus.RollbackFailed);
        var result = new TransactionResult(NewId(started), TransactionKind.Recovery, $"recovery of {journal.TransactionId} ({journal.Description})",
            failed == 0 ? TransactionOutcome.Succeeded : TransactionOutcome.RollbackFailed, outcomes,
            failed == 0
                ? $"recovered from an interrupted transaction: {journal.Description}: originals restored"
                : $"recovery of an interrupted transaction ({journal.Description}) could not restore {failed} setting(s)",
            started, _time.GetUtcNow(), journal.TransactionId);
        return _recorder.Record(result);
    }

    /// <summary>
    /// Whether an unfinished transaction's journal is there, without recovering it (observe mode only reports it).
    /// A journal that cannot be read is there too: the <see cref="StateStoreException"/> is not thrown.
    /// </summary>
    public bool HasPendingJournal()
    {
        try
        {
            return _state.ReadJournal() is not null;
        }
        catch (StateStoreException)
        {
            return true;
        }
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

        return RestorePlanner.Plan(Changed(previous), inventory, _settings);
    }

    /// <summary>What <paramref name="transaction"/> changed, with the original each setting is restored to.</summary>
    private static IEnumerable<(SettingKey Key, string Original)> Changed(TransactionResult transaction) => transaction.Settings
        .Where(s => s.Status is SettingStatus.Applied or SettingStatus.Adjusted && s.Original is not null)
        .Select(s => (s.Key, s.Original!));

    /// <summary>
    /// One transaction: refuses while a journal is pending; records the journal before the first change; writes
    /// (<see cref="TransactionWrites"/>); reads every change back; then records a success, or undoes every journaled
    /// setting and records the failure; what it left changed joins the baseline (<see cref="TransactionRecorder"/>).
    /// </summary>
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
        var outcomes = rows.Select(SettingOutcomes.Initial).ToArray();
        var writes = Enumerable.Range(0, rows.Count).Where(i => rows[i].IsWrite).ToList();
        if (writes.Count == 0)
        {
            return new TransactionResult(id, kind, description, TransactionOutcome.NoChanges, outcomes, "nothing to change", started, _time.GetUtcNow(), undoes);
        }

        _state.WriteJournal(new Journal(id, kind, description, started, writes.Select(i => new JournalEntry(rows[i].Key, rows[i].Current, rows[i].Desired!)).ToList()));

        var (changed, failed) = TransactionWrites.Run(_settings, kind, rows, writes, outcomes);
        if (!failed)
        {
            ReadBackChanges(kind, rows, changed, outcomes);
        }

        var transaction = new TransactionResult(id, kind, description, TransactionOutcome.Succeeded, outcomes, string.Empty, started, started, undoes);
        return outcomes.Any(o => o.Status == SettingStatus.Failed)
            ? Undo(transaction, rows, writes, changed, plan)
            : Done(transaction, rows, writes, plan);
    }

    /// <summary>After the last write: each device's ethtool blocks are read once for all its changed rows.</summary>
    private void ReadBackChanges(TransactionKind kind, IReadOnlyList<PlanRow> rows, List<int> changed, SettingOutcome[] outcomes)
    {
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

    /// <summary>No write failed: the result, recorded (a rollback that left a rounded value is a partial one).</summary>
    private TransactionResult Done(TransactionResult transaction, IReadOnlyList<PlanRow> rows, List<int> writes, TuningPlan? plan)
    {
        var (kind, description, outcomes) = (transaction.Kind, transaction.Description, transaction.Settings);
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
            var partial = transaction with
            {
                Outcome = TransactionOutcome.RollbackFailed, FinishedAt = _time.GetUtcNow(),
                Message = $"{description} could not restore {notRestored.Count} setting(s), leaving " +
                    string.Join(", ", notRestored.Select(o => $"{o.Key} = {o.Actual} instead of {o.Desired}")) + "; " + message,
            };
            return _recorder.Record(partial, plan: plan);
        }

        var success = transaction with { Message = message, FinishedAt = _time.GetUtcNow() };
        return _recorder.Record(success, writes.Select(i => (rows[i].Key, rows[i].Current)).ToList(), plan);
    }

    /// <summary>
    /// A write failed: every journaled setting is restored, not only those written (undoing a link-resetting change
    /// clobbers steering that this transaction never reached, and the journal holds its original too); settings that
    /// still hold their original are read, not written. The failure is recorded.
    /// </summary>
    private TransactionResult Undo(TransactionResult transaction, IReadOnlyList<PlanRow> rows, List<int> writes, List<int> changed, TuningPlan? plan)
    {
        var outcomes = transaction.Settings.ToArray();
        var report = Restorer.Restore(_settings, writes.Select(i => (rows[i].Key, rows[i].Current)).ToList());
        var attempted = changed.ToHashSet();
        foreach (var i in writes)
        {
            var r = report[rows[i].Key];
            var o = outcomes[i];
            if (r.Gone)
            {
                outcomes[i] = o.Status == SettingStatus.Failed ? o with { Actual = null } : SettingOutcomes.Gone(o);
            }
            else if (o.Status == SettingStatus.Failed)
            {
                outcomes[i] = r.Restored ? o with { Actual = r.Actual } : o with { Actual = r.Actual, Message = $"{o.Message}; {SettingOutcomes.LeftMessage(o.Original, r)}", NotRestored = true };
            }
            else if (!r.Restored)
            {
                outcomes[i] = o with { Status = SettingStatus.RollbackFailed, Actual = r.Actual, Errno = r.Errno, Message = SettingOutcomes.LeftMessage(o.Original, r), NotRestored = true };
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
        var result = transaction with
        {
            Settings = outcomes,
            Outcome = left.Count == 0 ? TransactionOutcome.FailedRolledBack : TransactionOutcome.RollbackFailed,
            Message = left.Count == 0 ? $"{causes}; every change was rolled back" : $"{causes}; the rollback failed too, leaving " + SettingOutcomes.LeftList(left),
            FinishedAt = _time.GetUtcNow(),
        };
        return _recorder.Record(result, plan: plan);
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
                ? SettingOutcomes.Gone(outcome)
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

    private static string NewId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}")[..25];
}

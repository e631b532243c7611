using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;
using Nictune.Linux.Profiles;
using Nictune.Linux.State;
using Nictune.Protocol.Api;

namespace Nictune.Host.Daemon;

/// <summary>
/// Confirm-or-revert (docs/fleet.md, "Confirm or revert"): at most one change pending confirmation, kept in the state
/// directory's <c>pending.json</c> (docs/state.md) so that a crash or restart in its window still ends in a
/// confirmation or a revert. While one is pending every other mutation is refused. At its deadline a timer posts the
/// revert to the work loop, which undoes the transaction as a rollback does. Every method that changes something runs
/// in the loop's turn; <see cref="Pending"/> may be read from anywhere.
/// </summary>
internal sealed class ConfirmationWindow(IAgentTuner tuner, AgentSettingsSource settings, AgentStatusBoard board, ILogger logger, TimeProvider? time = null) : IDisposable
{
    /// <summary>A revert that threw (not one that rolled back and said so) is tried again after this.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private PendingConfirmation? _pending;
    private string? _connection;
    private ITimer? _timer;
    private Action? _due;

    /// <summary>The change waiting for its confirmation, or null.</summary>
    public PendingConfirmation? Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending;
            }
        }
    }

    /// <summary>The id of the last revert's transaction: the status reports its outcome as an unconfirmed revert.</summary>
    public string? LastRevert { get; private set; }

    private FileStateStore Store => new(settings.Current.StateDirectory);

    /// <summary>At start, once the boot tune is done: a change left pending by the last run, waited for until its deadline.</summary>
    /// <param name="due">Posts the revert to the work loop when the deadline comes.</param>
    public void Start(Action due)
    {
        _due = due;
        if (Store.ReadPending() is { } pending)
        {
            // The connection that made it is gone with the old process: any connection may confirm it.
            Set(pending.Bounded(_time.GetUtcNow()), connection: null);
        }
    }

    /// <summary>Refuses a mutation while a change is pending (FAILED_PRECONDITION naming it); nothing is changed.</summary>
    public void RequireNone(string what)
    {
        if (Refusal(what) is { } refusal)
        {
            throw new ApiException(StatusCode.FailedPrecondition, refusal);
        }
    }

    /// <summary>Why <paramref name="what"/> must wait (a change is pending), or null.</summary>
    public string? Refusal(string what) => Pending is { } pending
        ? $"cannot {what}: transaction {pending.TransactionId} is pending confirmation until {Time(pending.Deadline)}; confirm it ('nictune confirm') or wait for its revert"
        : null;

    /// <summary>
    /// After the transaction of <paramref name="summary"/>, when <paramref name="request"/> asks for it: a transaction
    /// that changed something is held pending. A record that cannot be written undoes the transaction at once (a change
    /// that nothing would revert is never left) and throws. For the pass of a push, <paramref name="pushed"/> is the
    /// pushed store before it, which the revert puts back.
    /// </summary>
    public async Task<TuneSummary> HoldAsync(TuneSummary summary, ConfirmRequest? request, PushedBefore? pushed = null)
    {
        if (request is null || summary.Transaction is not { Outcome: TransactionOutcome.Succeeded } result)
        {
            return summary;
        }

        var pending = new PendingConfirmation(result.Id, TransactionVerbs.Of(result.Kind), _time.GetUtcNow() + request.Window, pushed);
        try
        {
            Store.WritePending(pending);
        }
        catch (StateStoreException e)
        {
            // Undone now, whatever else fails: the store put back or not, the kernel change goes (without a journal
            // when the disk is too full for one, TransactionEngine.Undo), so no change stays that nothing would revert.
            var (undone, store) = await UndoUnheldAsync(pending).ConfigureAwait(false);
            ConfirmLog.NotHeld(logger, result.Id, e.Message, undone.Outcome.ToString(), store ?? "-");
            // Recorded, the undo is a rollback of its own that succeeded; unrecorded, it is the transaction itself, rolled back.
            var rolledBack = undone.Id == result.Id
                ? undone.Outcome == TransactionOutcome.FailedRolledBack
                : undone.Outcome is TransactionOutcome.Succeeded or TransactionOutcome.NoChanges;
            var what = rolledBack
                ? $"so transaction {result.Id} was rolled back"
                : $"and undoing transaction {result.Id} failed too: {undone.Message}";
            var kept = store is null ? string.Empty
                : $"; the pushed profile could not be put back either ({store}): the agent enforces nothing now, but the store still holds the reverted push, which a reload or a restart applies: unpush it or push the previous profile again";
            throw new ApiException(e.NoSpace ? StatusCode.ResourceExhausted : StatusCode.FailedPrecondition,
                $"{e.Message}; the pending change could not be recorded, {what}{kept}");
        }

        Set(pending, request.Connection);
        ConfirmLog.Held(logger, pending.TransactionId, pending.Verb, pending.Deadline);
        return summary;
    }

    /// <summary>
    /// Confirms the pending change (<paramref name="id"/> empty: whichever is pending) and returns its transaction.
    /// Refused, changing nothing: on the connection that made the change, for an id that is not the pending one
    /// (NOT_FOUND when no transaction has it, FAILED_PRECONDITION when it is final), or when none is pending.
    /// </summary>
    public TransactionResult Confirm(string id, string connection, string caller)
    {
        var pending = Pending;
        if (id.Length > 0 && !PendingConfirmation.IsTransactionId(id))
        {
            throw new ApiException(StatusCode.InvalidArgument, $"id: \"{SettingValueText.Truncate(id)}\" is not a transaction id");
        }

        if (pending is null || (id.Length > 0 && id != pending.TransactionId))
        {
            if (id.Length == 0)
            {
                throw new ApiException(StatusCode.FailedPrecondition, "no change is pending confirmation");
            }

            var known = Store.ReadHistory().Transactions.Any(t => t.Id == id);
            throw known
                ? new ApiException(StatusCode.FailedPrecondition, $"transaction {id} is final: it is not pending confirmation{(pending is null ? string.Empty : $" (transaction {pending.TransactionId} is)")}")
                : new ApiException(StatusCode.NotFound, $"no transaction {id} in the history");
        }

        lock (_gate)
        {
            if (_connection == connection)
            {
                throw new ApiException(StatusCode.FailedPrecondition,
                    $"transaction {pending.TransactionId} must be confirmed over a new connection, not the one that made the change: a confirmation proves that the agent can still be reached");
            }
        }

        var transaction = Store.ReadHistory().Transactions.LastOrDefault(t => t.Id == pending.TransactionId);
        Store.ClearPending();
        Set(null, null);
        board.Publish(new ChangeConfirmed(pending.TransactionId, caller));
        return transaction ?? throw new ApiException(StatusCode.Internal, $"transaction {pending.TransactionId} was confirmed but is not in the history");
    }

    /// <summary>In the loop's turn, when the timer fired: the pending change, if its deadline has passed, is undone.</summary>
    public async Task RevertIfDueAsync()
    {
        if (Pending is not { } pending)
        {
            return;
        }

        if (pending.Deadline > _time.GetUtcNow())
        {
            Schedule(pending.Deadline);
            return;
        }

        TuneSummary summary;
        try
        {
            summary = await RevertAsync(pending).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ConfirmLog.RevertFailed(logger, pending.TransactionId, (int)RetryAfter.TotalSeconds, e.Message);
            Schedule(_time.GetUtcNow() + RetryAfter);
            return;
        }

        var result = summary.Transaction!;
        Store.ClearPending();
        Set(null, null);
        LastRevert = result.Id;
        board.Publish(new UnconfirmedReverted(pending.TransactionId, pending.Deadline, result.Outcome, result.Message));
    }

    /// <summary>
    /// Undoes the pending transaction. For a push, the pushed store is put back first (a step that may be repeated), so
    /// that neither a crash before the undo nor a later reload applies the reverted push again; the tuner then
    /// enforces what the store and the configuration select, as before the push.
    /// </summary>
    private Task<TuneSummary> RevertAsync(PendingConfirmation pending)
    {
        if (pending.Pushed is { } before)
        {
            new PushedProfileStore(settings.Current.StateDirectory).Restore(before);
        }

        return tuner.UndoAsync(pending.TransactionId, reselect: pending.Pushed is not null, CancellationToken.None);
    }

    /// <summary>
    /// A change whose pending record could not be written: the pushed store is put back when it can be, then the
    /// transaction is undone in any case. Returns the undo's result and, when the store could not be put back, why (the
    /// tuner then enforces nothing, rather than the reverted push the store still holds, until the next push, unpush or
    /// reload).
    /// </summary>
    private async Task<(TransactionResult Undone, string? Store)> UndoUnheldAsync(PendingConfirmation pending)
    {
        string? store = null;
        if (pending.Pushed is { } before)
        {
            try
            {
                new PushedProfileStore(settings.Current.StateDirectory).Restore(before);
            }
            catch (StateStoreException e)
            {
                store = e.Message;
            }
        }

        var summary = await tuner.UndoAsync(pending.TransactionId, reselect: pending.Pushed is not null && store is null, CancellationToken.None).ConfigureAwait(false);
        return (summary.Transaction!, store);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
        }
    }

    private void Set(PendingConfirmation? pending, string? connection)
    {
        lock (_gate)
        {
            _pending = pending;
            _connection = connection;
            _timer?.Dispose();
            _timer = null;
        }

        if (pending is not null)
        {
            Schedule(pending.Deadline);
        }
    }

    private void Schedule(DateTimeOffset at)
    {
        var wait = at - _time.GetUtcNow();
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = _time.CreateTimer(static due => ((Action?)due)?.Invoke(), _due, wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>A deadline as messages and the CLI show it: UTC to the second.</summary>
    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

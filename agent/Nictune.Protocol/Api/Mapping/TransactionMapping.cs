using Google.Protobuf.WellKnownTypes;
using Nictune.Core.Transactions;
using Nictune.Protocol.Api.V1;
using SettingStatus = Nictune.Protocol.Api.V1.SettingStatus;

namespace Nictune.Protocol.Api.Mapping;

/// <summary>Transaction results on the wire, both ways, and the short summary GetStatus carries.</summary>
public static class TransactionMapping
{
    public static Transaction ToWire(TransactionResult result, TransactionResult? recovery = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var wire = new Transaction
        {
            Id = result.Id,
            Verb = Verb(result.Kind),
            Description = result.Description,
            Outcome = ToWire(result.Outcome),
            ExitCode = result.ExitCode,
            Message = result.Message,
            StartedAt = Timestamp.FromDateTimeOffset(result.StartedAt),
            FinishedAt = Timestamp.FromDateTimeOffset(result.FinishedAt),
            Undoes = result.Undoes ?? string.Empty,
        };
        wire.Settings.AddRange(result.Settings.Select(ToWire));
        wire.NotInForce.AddRange((result.NotInForce ?? []).Select(ToWire));
        wire.Guard.AddRange((result.Guard ?? []).Select(e => new GuardEvidence { Interface = e.Interface, Check = e.Check, Detail = e.Detail }));
        if (recovery is not null)
        {
            wire.Recovery = ToWire(recovery);
        }

        return wire;
    }

    /// <summary>
    /// A tuning pass as an API call's answer: its transaction, or, when it ran none, a transaction without rows that
    /// says why (in observe mode, <paramref name="settingsChanged"/> settings of <paramref name="profile"/> would change;
    /// or every setting holds its value but those set aside, <paramref name="notInForce"/>).
    /// </summary>
    public static Transaction OfPass(TransactionResult? transaction, string? profile, int settingsChanged, IReadOnlyList<SettingOutcome>? notInForce = null)
    {
        if (transaction is { } result)
        {
            return ToWire(result);
        }

        var none = new TransactionResult(
            string.Empty,
            TransactionKind.Apply,
            $"apply {profile}",
            TransactionOutcome.NoChanges,
            [],
            settingsChanged > 0 ? $"{settingsChanged} setting(s) would change (observe mode: nothing was written)" : "nothing to change: every setting already holds the profile's value",
            default,
            default);
        var wire = ToWire(none.LeavingOut(notInForce ?? []));
        wire.StartedAt = null;
        wire.FinishedAt = null;
        return wire;
    }

    public static SettingResult ToWire(SettingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var wire = new SettingResult
        {
            Interface = outcome.Key.Target,
            Key = outcome.Key.Name,
            Status = StatusOf(outcome.Status, outcome.NotRestored),
            Reason = outcome.Message,
            Errno = outcome.Errno ?? 0,
            WriteFailed = outcome.NotRestored && outcome.Status == Core.Transactions.SettingStatus.Failed,
        };
        if (outcome.Original is { } before)
        {
            wire.Before = before;
        }

        if (outcome.Desired is { } desired)
        {
            wire.Desired = desired;
        }

        if (outcome.Actual is { } after)
        {
            wire.After = after;
        }

        return wire;
    }

    public static TransactionResult FromWire(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return new TransactionResult(
            transaction.Id,
            KindOf(transaction.Verb),
            transaction.Description,
            transaction.Outcome switch
            {
                Outcome.Succeeded => TransactionOutcome.Succeeded,
                Outcome.NoChanges => TransactionOutcome.NoChanges,
                Outcome.FailedRolledBack => TransactionOutcome.FailedRolledBack,
                Outcome.Partial => TransactionOutcome.Partial,
                Outcome.GuardReverted => TransactionOutcome.GuardReverted,
                _ => TransactionOutcome.RollbackFailed,
            },
            [.. transaction.Settings.Select(FromWire)],
            transaction.Message,
            transaction.StartedAt?.ToDateTimeOffset() ?? default,
            transaction.FinishedAt?.ToDateTimeOffset() ?? default,
            transaction.Undoes.Length > 0 ? transaction.Undoes : null,
            transaction.NotInForce.Count > 0 ? [.. transaction.NotInForce.Select(FromWire)] : null,
            transaction.Guard.Count > 0 ? [.. transaction.Guard.Select(e => new Core.Guard.GuardEvidence(e.Check, e.Interface, e.Detail))] : null);
    }

    public static SettingOutcome FromWire(SettingResult setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var status = setting.Status switch
        {
            SettingStatus.Applied => Core.Transactions.SettingStatus.Applied,
            SettingStatus.Clamped => Core.Transactions.SettingStatus.Adjusted,
            SettingStatus.Unchanged => Core.Transactions.SettingStatus.Unchanged,
            SettingStatus.Unsupported => Core.Transactions.SettingStatus.Unsupported,
            SettingStatus.Failed => Core.Transactions.SettingStatus.Failed,
            SettingStatus.RolledBack => Core.Transactions.SettingStatus.RolledBack,
            SettingStatus.LeftChanged => setting.WriteFailed ? Core.Transactions.SettingStatus.Failed : Core.Transactions.SettingStatus.RollbackFailed,
            SettingStatus.Gone => Core.Transactions.SettingStatus.Gone,
            SettingStatus.Skipped => Core.Transactions.SettingStatus.Skipped,
            _ => Core.Transactions.SettingStatus.NotAttempted,
        };
        return new SettingOutcome(
            PlanMapping.KeyOf(setting.Interface, setting.Key),
            status,
            setting.HasBefore ? setting.Before : null,
            setting.HasDesired ? setting.Desired : null,
            setting.HasAfter ? setting.After : null,
            setting.Errno == 0 ? null : setting.Errno,
            setting.Reason,
            NotRestored: setting.Status == SettingStatus.LeftChanged);
    }

    /// <summary>
    /// GetStatus's last transaction: when, which verb, the result, how long, and how many settings ended in each
    /// status (<paramref name="counts"/>, keyed by the engine's statuses, as the wire's words).
    /// </summary>
    public static TransactionSummary Summarize(string id, string verb, TransactionOutcome outcome, DateTimeOffset finishedAt, TimeSpan duration, IReadOnlyDictionary<Core.Transactions.SettingStatus, int> counts, string message)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var summary = new TransactionSummary
        {
            Id = id,
            Verb = verb,
            Outcome = ToWire(outcome),
            ExitCode = TransactionResult.ExitCodeOf(outcome),
            StartedAt = Timestamp.FromDateTimeOffset(finishedAt - duration),
            Duration = Duration.FromTimeSpan(duration),
            Message = message,
        };
        foreach (var (status, count) in counts)
        {
            var word = StatusName(status);
            summary.Counts[word] = summary.Counts.GetValueOrDefault(word) + count;
        }

        return summary;
    }

    public static Outcome ToWire(TransactionOutcome outcome) => outcome switch
    {
        TransactionOutcome.Succeeded => Outcome.Succeeded,
        TransactionOutcome.NoChanges => Outcome.NoChanges,
        TransactionOutcome.FailedRolledBack => Outcome.FailedRolledBack,
        TransactionOutcome.Partial => Outcome.Partial,
        TransactionOutcome.GuardReverted => Outcome.GuardReverted,
        _ => Outcome.RollbackFailed,
    };

    /// <summary>The wire's status words (TransactionSummary.counts, the events' count fields).</summary>
    public static string StatusName(SettingStatus status) => status switch
    {
        SettingStatus.Applied => "applied",
        SettingStatus.Unchanged => "unchanged",
        SettingStatus.Clamped => "clamped",
        SettingStatus.Unsupported => "unsupported",
        SettingStatus.Failed => "failed",
        SettingStatus.RolledBack => "rolled-back",
        SettingStatus.LeftChanged => "left-changed",
        SettingStatus.Gone => "gone",
        SettingStatus.Skipped => "skipped",
        _ => "not-attempted",
    };

    /// <summary>The wire word of a core status (for counts keyed by it), as <see cref="StatusName(SettingStatus)"/> spells it.</summary>
    public static string StatusName(Core.Transactions.SettingStatus status, bool notRestored = false) =>
        StatusName(StatusOf(status, notRestored));

    public static string Verb(TransactionKind kind) => TransactionVerbs.Of(kind);

    private static TransactionKind KindOf(string verb) => TransactionVerbs.KindOf(verb);

    private static SettingStatus StatusOf(Core.Transactions.SettingStatus status, bool notRestored)
    {
        if (notRestored)
        {
            return SettingStatus.LeftChanged;
        }

        return status switch
        {
            Core.Transactions.SettingStatus.Applied => SettingStatus.Applied,
            Core.Transactions.SettingStatus.Adjusted => SettingStatus.Clamped,
            Core.Transactions.SettingStatus.Unchanged => SettingStatus.Unchanged,
            Core.Transactions.SettingStatus.Unsupported => SettingStatus.Unsupported,
            Core.Transactions.SettingStatus.Failed => SettingStatus.Failed,
            Core.Transactions.SettingStatus.RolledBack => SettingStatus.RolledBack,
            Core.Transactions.SettingStatus.RollbackFailed => SettingStatus.LeftChanged,
            Core.Transactions.SettingStatus.Gone => SettingStatus.Gone,
            Core.Transactions.SettingStatus.Skipped => SettingStatus.Skipped,
            _ => SettingStatus.NotAttempted,
        };
    }
}

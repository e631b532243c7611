using System.Text.Json.Serialization;
using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>
/// The result of one transaction; also what the history stores. <see cref="Settings"/> follows the plan's order.
/// </summary>
/// <param name="Id">A unique id, time-prefixed so that ids sort by start time.</param>
/// <param name="Kind">Apply, rollback or recovery.</param>
/// <param name="Description">E.g. "apply throughput (/etc/nictune/profiles/throughput.yaml)".</param>
/// <param name="Outcome">The overall outcome.</param>
/// <param name="Settings">One outcome per planned setting.</param>
/// <param name="Message">A summary line for the operator.</param>
/// <param name="StartedAt">When the transaction started.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="Undoes">For rollbacks and recovery: the id of the transaction undone.</param>
/// <param name="NotInForce">For <see cref="TransactionOutcome.Partial"/>: the profile's settings the kernel refused for
/// good and that were left out (set aside), each as it was refused, with its errno; null otherwise. Never in the history:
/// the engine records what it did, the daemon adds what it left out.</param>
/// <param name="Guard">With <see cref="TransactionOutcome.GuardReverted"/>: the health guard's evidence.</param>
public sealed record TransactionResult(
    string Id,
    TransactionKind Kind,
    string Description,
    TransactionOutcome Outcome,
    IReadOnlyList<SettingOutcome> Settings,
    string Message,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? Undoes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SettingOutcome>? NotInForce = null,
    IReadOnlyList<Guard.GuardEvidence>? Guard = null)
{
    /// <summary>The process exit code: 0 success, 1 failed and rolled back, 3 failed and the rollback failed too,
    /// 5 not wholly in force (the values of Nictune.Host.ExitCodes).</summary>
    [JsonIgnore]
    public int ExitCode => ExitCodeOf(Outcome);

    /// <summary>The exit code of a transaction that ended in <paramref name="outcome"/> (see <see cref="ExitCode"/>).</summary>
    public static int ExitCodeOf(TransactionOutcome outcome) => outcome switch
    {
        TransactionOutcome.Succeeded or TransactionOutcome.NoChanges => 0,
        TransactionOutcome.FailedRolledBack or TransactionOutcome.GuardReverted => 1,
        TransactionOutcome.Partial => 5,
        _ => 3,
    };

    /// <summary>
    /// This transaction as a pass of a profile that is not wholly in force: <paramref name="refused"/> (the settings
    /// set aside that the pass's plan wants) are named, with their errno, in <see cref="NotInForce"/> and the message.
    /// A transaction that failed keeps its outcome: it says more than this does. Unchanged when nothing was refused.
    /// </summary>
    public TransactionResult LeavingOut(IReadOnlyList<SettingOutcome> refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        return refused.Count == 0 || Outcome is not (TransactionOutcome.Succeeded or TransactionOutcome.NoChanges)
            ? this
            : this with { Outcome = TransactionOutcome.Partial, NotInForce = refused, Message = $"{Message}; {NotInForceText(refused)}" };
    }

    /// <summary>"not wholly in force: the kernel refused fl0 tx-tcp-segmentation off (EINVAL), …", for the operator.</summary>
    public static string NotInForceText(IReadOnlyList<SettingOutcome> refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        return $"not wholly in force: the kernel refused {string.Join(", ", refused.Select(r => $"{r.Key} {r.Desired ?? "-"} ({(r.Errno is > 0 and var errno ? Errnos.Name(errno) : "not held")})"))}; set aside until the profile or configuration changes";
    }

    /// <summary>The settings a failed rollback left changed, with the value each holds.</summary>
    [JsonIgnore]
    public IEnumerable<SettingOutcome> LeftChanged => Settings.Where(s => s.NotRestored);
}

using System.Text.Json.Serialization;

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
    IReadOnlyList<Guard.GuardEvidence>? Guard = null)
{
    /// <summary>The process exit code: 0 success, 1 failed and rolled back, 3 failed and the rollback failed too
    /// (the values of Nictune.Host.ExitCodes).</summary>
    [JsonIgnore]
    public int ExitCode => ExitCodeOf(Outcome);

    /// <summary>The exit code of a transaction that ended in <paramref name="outcome"/> (see <see cref="ExitCode"/>).</summary>
    public static int ExitCodeOf(TransactionOutcome outcome) => outcome switch
    {
        TransactionOutcome.Succeeded or TransactionOutcome.NoChanges => 0,
        TransactionOutcome.FailedRolledBack or TransactionOutcome.GuardReverted => 1,
        _ => 3,
    };

    /// <summary>The settings a failed rollback left changed, with the value each holds.</summary>
    [JsonIgnore]
    public IEnumerable<SettingOutcome> LeftChanged => Settings.Where(s => s.NotRestored);
}

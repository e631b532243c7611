using Nictune.Core.Transactions;

namespace Nictune.Host.Daemon;

/// <summary>What a pass did, for the STATUS= line systemd shows, the log and the API's answer.</summary>
/// <param name="Profile">The profile applied (resolved, when the configuration says <c>auto</c>); null when none is enforced.</param>
/// <param name="Interfaces">Interfaces with at least one setting the profile manages (not <c>lo</c>, not devices it leaves alone).</param>
/// <param name="SettingsChanged">Settings written and read back in the pass's final transaction (in observe mode: that would be written).</param>
/// <param name="SettingsFailed">Settings that failed, or whose rollback failed, in that transaction.</param>
/// <param name="Transaction">The pass's transaction, when it ran one: its rows are the answer to an API call.</param>
/// <param name="SettingsSetAside">Settings the kernel refused for good, left out until the profile or configuration changes.</param>
/// <param name="NotInForce">Of those, the ones this pass's profile wants, as each was refused: the profile is not wholly
/// in force (also in the transaction's <see cref="TransactionResult.NotInForce"/>, when one ran).</param>
public sealed record TuneSummary(string? Profile, int Interfaces, int SettingsChanged, int SettingsFailed, TransactionResult? Transaction = null, int SettingsSetAside = 0, IReadOnlyList<SettingOutcome>? NotInForce = null)
{
    /// <summary>The transaction failed and so did its rollback: settings are left changed (exit code 3).</summary>
    public bool RollbackFailed => Transaction?.Outcome == TransactionOutcome.RollbackFailed;
}

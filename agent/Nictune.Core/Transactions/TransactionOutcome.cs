namespace Nictune.Core.Transactions;

/// <summary>The overall result of a transaction; <see cref="TransactionResult.ExitCode"/> maps it to the CLI's exit codes.</summary>
public enum TransactionOutcome
{
    /// <summary>Every write was applied (possibly adjusted by the driver) or is unsupported. Exit code 0.</summary>
    Succeeded,

    /// <summary>Nothing needed writing. Exit code 0.</summary>
    NoChanges,

    /// <summary>A write or its readback failed and every change was undone and verified. Exit code 1.</summary>
    FailedRolledBack,

    /// <summary>A write failed and undoing it failed too: the settings marked <see cref="SettingStatus.RollbackFailed"/>
    /// were left in the state their <see cref="SettingOutcome.Actual"/> shows. Exit code 3.</summary>
    RollbackFailed,

    /// <summary>
    /// The profile is not wholly in force: every write this transaction made held, but the kernel refused some of the
    /// profile's settings for good and they were set aside (<see cref="SetAsideSettings"/>), so the kernel does not
    /// hold them; <see cref="TransactionResult.NotInForce"/> names each with its errno. Exit code 5.
    /// </summary>
    Partial,

    /// <summary>Every write was applied, then the health guard found the interface unhealthy and the change was undone
    /// and verified (<see cref="TransactionResult.Guard"/> holds the evidence; docs/guard.md). Exit code 1.</summary>
    GuardReverted,
}

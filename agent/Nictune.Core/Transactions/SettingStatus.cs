namespace Nictune.Core.Transactions;

/// <summary>What a transaction did with one setting.</summary>
public enum SettingStatus
{
    /// <summary>Written, and the kernel holds the desired value.</summary>
    Applied,

    /// <summary>Written, and the driver rounded or limited it: the kernel holds <see cref="SettingOutcome.Actual"/>,
    /// which moved from the original toward the desired value.</summary>
    Adjusted,

    /// <summary>Not written: it already held the desired value.</summary>
    Unchanged,

    /// <summary>Not written, or refused with EOPNOTSUPP: the device lacks it. Not a failure.</summary>
    Unsupported,

    /// <summary>The write, or its readback, failed; this is what made the transaction roll back.</summary>
    Failed,

    /// <summary>Written, then restored to its original value when the transaction rolled back.</summary>
    RolledBack,

    /// <summary>Restoring the original failed: the setting holds <see cref="SettingOutcome.Actual"/>.</summary>
    RollbackFailed,

    /// <summary>Not attempted because an earlier write failed.</summary>
    NotAttempted,

    /// <summary>
    /// The interface disappeared (deleted or unplugged) during the transaction: nothing of it is left to change or
    /// restore. Not a failure, and nothing is set aside for it: an interface created later under the same name is new.
    /// </summary>
    Gone,

    /// <summary>
    /// A baseline entry that could not be restored and was left as it is while the rest of the baseline was restored:
    /// its device can no longer hold the value (a permanent refusal). Reported, not a failure.
    /// </summary>
    Skipped,
}

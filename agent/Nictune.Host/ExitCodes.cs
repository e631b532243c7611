namespace Nictune.Host;

/// <summary>Exit codes shared by every verb.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The operation failed and everything it changed was rolled back.</summary>
    public const int FailedRolledBack = 1;
    /// <summary>Invalid input or usage; nothing was changed.</summary>
    public const int InvalidInput = 2;
    /// <summary>The operation failed and the rollback failed too; the output says what state was left.</summary>
    public const int RollbackFailed = 3;
    /// <summary>
    /// A verb that only reads (<c>detect</c>, <c>plan</c>, <c>rollback --dry-run</c>) found a journal: a transaction is in
    /// progress, or one was interrupted and awaits recovery. Its output was written, but may show half-applied values.
    /// </summary>
    public const int JournalPending = 4;
    /// <summary>
    /// The agent's pass left the profile not wholly in force: what it wrote holds, but the kernel refused some settings
    /// for good (their errno is named) and they were set aside. Nothing was rolled back; the kernel holds the rest.
    /// </summary>
    public const int NotWhollyInForce = 5;
}

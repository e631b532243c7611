namespace Nictune.Core.Transactions;

public enum TransactionKind
{
    /// <summary>Applying a profile's plan.</summary>
    Apply,

    /// <summary>Restoring every baseline setting that differs.</summary>
    RollbackBaseline,

    /// <summary>Undoing the last successful apply.</summary>
    RollbackPrevious,

    /// <summary>Restoring the originals of a journal left by a process that died mid-transaction.</summary>
    Recovery,
}

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

    /// <summary>
    /// A pass the daemon made on its own, after its boot or reload apply: putting back settings changed behind its
    /// back (drift) and tuning interfaces that appeared. No operator asked for it, so <c>rollback --to previous</c>
    /// never picks it (<see cref="TransactionHistory.Previous"/>).
    /// </summary>
    Reconcile,
}

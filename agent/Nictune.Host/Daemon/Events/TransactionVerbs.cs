using Nictune.Core.Transactions;

namespace Nictune.Host.Daemon.Events;

/// <summary>The verb names events, logs and the status use for each kind of transaction.</summary>
public static class TransactionVerbs
{
    public const string Apply = "apply";
    public const string Reconcile = "reconcile";
    public const string RollbackBaseline = "rollback-baseline";
    public const string RollbackPrevious = "rollback-previous";
    public const string Recovery = "recovery";

    public static string Of(TransactionKind kind) => kind switch
    {
        TransactionKind.RollbackBaseline => RollbackBaseline,
        TransactionKind.RollbackPrevious => RollbackPrevious,
        TransactionKind.Recovery => Recovery,
        TransactionKind.Apply => Apply,
        _ => Reconcile,
    };
}

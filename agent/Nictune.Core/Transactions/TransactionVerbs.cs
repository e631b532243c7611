namespace Nictune.Core.Transactions;

/// <summary>
/// The verb names events, logs, the status, the metrics and the API's wire messages use for each kind of
/// transaction: one table, so a kind reads the same everywhere and round-trips through the API.
/// </summary>
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

    /// <summary>The kind a verb name stands for; a name this table does not know reads as a recovery.</summary>
    public static TransactionKind KindOf(string verb) => verb switch
    {
        Apply => TransactionKind.Apply,
        RollbackBaseline => TransactionKind.RollbackBaseline,
        RollbackPrevious => TransactionKind.RollbackPrevious,
        Reconcile => TransactionKind.Reconcile,
        _ => TransactionKind.Recovery,
    };
}

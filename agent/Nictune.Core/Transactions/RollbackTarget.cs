namespace Nictune.Core.Transactions;

public enum RollbackTarget
{
    /// <summary>Every setting back to its value before nictune first changed it.</summary>
    Baseline,

    /// <summary>Undo the last successful apply.</summary>
    Previous,
}

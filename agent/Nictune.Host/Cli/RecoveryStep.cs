using Nictune.Core.Transactions;
using Nictune.Host.Output;

namespace Nictune.Host.Cli;

/// <summary>
/// The first thing every verb that owns a state directory does: if a previous process died mid-apply, its journal
/// is still there, and the originals it holds are restored before anything else is read or changed.
/// </summary>
internal static class RecoveryStep
{
    /// <summary>Runs recovery; returns the result (null when there was nothing to recover).</summary>
    public static TransactionResult? Run(TransactionEngine engine, bool json)
    {
        var recovery = engine.Recover();
        if (recovery is not null)
        {
            // Always said on stderr; the table only in human output (JSON carries the recovery as a field).
            Console.Error.WriteLine($"nictune: recovered an interrupted transaction: {recovery.Message}");
            if (!json)
            {
                TransactionTable.Write(recovery);
            }
        }

        return recovery;
    }
}

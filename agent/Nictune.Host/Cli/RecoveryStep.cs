using Nictune.Core.Transactions;
using Nictune.Host.Output;
using Nictune.Host.Tuning;
using Nictune.Linux.IO;
using Nictune.Linux.State;

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

    /// <summary>
    /// For verbs that only read (<c>detect</c>): recover a pending journal in the default state directory when
    /// privileged; unprivileged, only say that one is pending, because an undo that cannot write would be a failed
    /// rollback. Returns the exit code the verb should end with when recovery failed, else null.
    /// </summary>
    public static int? RecoverPendingInDefaultStateDirectory(bool json)
    {
        var journal = Path.Join(FileStateStore.DefaultDirectory, FileStateStore.JournalFile);
        if (!File.Exists(journal))
        {
            return null;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            Console.Error.WriteLine($"nictune: an interrupted transaction is pending ({journal}); run any tuning verb as root to recover it");
            return null;
        }

        using var runtime = TuningRuntime.Open(SystemRoot.Live, FileStateStore.DefaultDirectory);
        return Run(runtime.Engine, json) is { ExitCode: ExitCodes.RollbackFailed } ? ExitCodes.RollbackFailed : null;
    }
}

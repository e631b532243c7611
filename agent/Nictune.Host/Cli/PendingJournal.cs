using Nictune.Linux.State;

namespace Nictune.Host.Cli;

/// <summary>
/// What the verbs that only read (<c>detect</c>, <c>plan</c>, <c>rollback --dry-run</c>) do about a journal: they never
/// recover it (that writes), they say on stderr that it is there and whose it is, and end with
/// <see cref="ExitCodes.JournalPending"/>, because what they read may be half-applied.
/// </summary>
internal static class PendingJournal
{
    /// <summary>
    /// Reports a journal in <paramref name="stateDirectory"/>; returns the exit code to end with, or null when there is none.
    /// The journal is read as every state file is, so a corrupt or untrusted one is a <see cref="Core.Transactions.StateStoreException"/>
    /// (exit 2, one message), not a pending transaction: nothing could recover it.
    /// </summary>
    public static int? Report(string stateDirectory)
    {
        var store = new FileStateStore(stateDirectory);
        if (store.ReadJournal() is null)
        {
            return null;
        }

        var journal = Path.Join(store.Directory, FileStateStore.JournalFile);
        var holder = StateDirectoryLock.Probe(stateDirectory);
        Console.Error.WriteLine(holder is null
            ? $"nictune: an interrupted transaction is pending ({journal}): the values read may be half-applied. Nothing was recovered; run 'nictune recover --state-dir {stateDirectory}' (or start the agent) to restore its originals"
            : $"nictune: a transaction by {holder} is in progress ({journal}): the values read may be half-applied; try again when it has finished");
        return ExitCodes.JournalPending;
    }
}

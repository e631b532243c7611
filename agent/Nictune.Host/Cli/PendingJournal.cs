using Nictune.Linux.State;

namespace Nictune.Host.Cli;

/// <summary>
/// What the verbs that only read (<c>detect</c>, <c>plan</c>, <c>rollback --dry-run</c>) do about a journal: they never
/// recover it (that writes), they say on stderr that it is there and whose it is, and end with
/// <see cref="ExitCodes.JournalPending"/>, because what they read may be half-applied.
/// </summary>
internal static class PendingJournal
{
    /// <summary>Reports a journal in <paramref name="stateDirectory"/>; returns the exit code to end with, or null when there is none.</summary>
    public static int? Report(string stateDirectory)
    {
        var journal = Path.Join(Path.GetFullPath(stateDirectory), FileStateStore.JournalFile);
        if (!File.Exists(journal))
        {
            return null;
        }

        LockHolder? holder;
        try
        {
            holder = StateDirectoryLock.Probe(stateDirectory);
        }
        catch (IOException)
        {
            holder = null;
        }

        Console.Error.WriteLine(holder is null
            ? $"nictune: an interrupted transaction is pending ({journal}): the values read may be half-applied. Nothing was recovered; run 'nictune recover --state-dir {stateDirectory}' (or start the agent) to restore its originals"
            : $"nictune: a transaction by {holder} is in progress ({journal}): the values read may be half-applied; try again when it has finished");
        return ExitCodes.JournalPending;
    }
}

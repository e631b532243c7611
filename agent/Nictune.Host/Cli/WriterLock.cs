using Nictune.Linux.State;

namespace Nictune.Host.Cli;

/// <summary>
/// The state directory's one-writer lock for a tuning verb: taken before recovery and held until the verb's
/// transaction is recorded. A holder that keeps it past the bounded wait makes the verb exit 2, naming the holder.
/// </summary>
internal static class WriterLock
{
    public static StateDirectoryLock Acquire(string stateDirectory, string verb) =>
        StateDirectoryLock.Acquire(stateDirectory, $"nictune {verb}", StateDirectoryLock.DefaultWait);

    /// <summary>
    /// The lock for a verb that changes settings directly (<c>--local</c>, or no agent running): refused (exit 2,
    /// nothing changed) while the agent holds a change pending confirmation, which its revert would race.
    /// </summary>
    public static StateDirectoryLock AcquireForChange(string stateDirectory, string verb)
    {
        var held = Acquire(stateDirectory, verb);
        try
        {
            if (new FileStateStore(held.Directory).ReadPending() is { } pending)
            {
                throw new UsageException(
                    $"transaction {pending.TransactionId} is pending confirmation until {Daemon.ConfirmationWindow.Time(pending.Deadline)} in {held.Directory}: the agent reverts it unless it is confirmed, and 'nictune {verb}' would race that; confirm it ('nictune confirm') or wait for its deadline, then start the agent. Nothing was changed");
            }

            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }
}

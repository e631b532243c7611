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
}

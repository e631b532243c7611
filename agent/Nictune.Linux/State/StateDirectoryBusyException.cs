using System.Globalization;

namespace Nictune.Linux.State;

/// <summary>Another process held the state directory's lock for the whole bounded wait: nothing was changed.</summary>
public sealed class StateDirectoryBusyException : IOException
{
    public StateDirectoryBusyException(string directory, LockHolder holder, TimeSpan waited)
        : base(Describe(directory, holder, waited))
    {
        Directory = directory;
        Holder = holder;
    }

    public StateDirectoryBusyException()
    {
        Directory = string.Empty;
        Holder = new LockHolder(null, null);
    }

    public StateDirectoryBusyException(string message)
        : base(message)
    {
        Directory = string.Empty;
        Holder = new LockHolder(null, null);
    }

    public StateDirectoryBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Directory = string.Empty;
        Holder = new LockHolder(null, null);
    }

    public string Directory { get; }

    private static string Describe(string directory, LockHolder holder, TimeSpan waited) =>
        string.Create(CultureInfo.InvariantCulture, $"the state directory {directory} is in use by {holder}; waited {waited.TotalSeconds:0.#} s and changed nothing. ")
        + "Only one process tunes at a time: stop the agent (systemctl stop nictune) or send the change through the agent's API, then try again";

    public LockHolder Holder { get; }
}

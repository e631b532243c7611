namespace Nictune.Host.Daemon;

/// <summary>The agent cannot take the work now: its queue is full, or it is stopping. Nothing was changed.</summary>
public sealed class AgentUnavailableException : Exception
{
    public AgentUnavailableException()
    {
    }

    public AgentUnavailableException(string message)
        : base(message)
    {
    }

    public AgentUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

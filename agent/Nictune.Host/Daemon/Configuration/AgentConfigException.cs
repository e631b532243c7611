namespace Nictune.Host.Daemon.Configuration;

/// <summary>The configuration file is missing, unreadable or invalid. The message names file, line and key.</summary>
public sealed class AgentConfigException : Exception
{
    public AgentConfigException(string message)
        : base(message)
    {
    }

    public AgentConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AgentConfigException()
    {
    }
}

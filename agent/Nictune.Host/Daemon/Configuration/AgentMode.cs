namespace Nictune.Host.Daemon.Configuration;

public enum AgentMode
{
    /// <summary>Apply the profile and correct drift.</summary>
    Enforce,

    /// <summary>Change nothing; report what enforce would do and where the system drifted.</summary>
    Observe,
}

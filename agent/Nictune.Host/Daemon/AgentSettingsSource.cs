using Nictune.Host.Daemon.Configuration;

namespace Nictune.Host.Daemon;

/// <summary>The configuration in force, and where to read it again on SIGHUP.</summary>
public sealed class AgentSettingsSource(AgentSettings initial, string? explicitPath)
{
    private AgentSettings _current = initial;

    public AgentSettings Current => Volatile.Read(ref _current);

    /// <summary>The <c>--config</c> file, or null for the default path.</summary>
    public string? ExplicitPath { get; } = explicitPath;

    /// <summary>Reads the file again; on failure the current settings stay in force.</summary>
    /// <exception cref="AgentConfigException">The file is now invalid or missing.</exception>
    public AgentSettings Reload()
    {
        var next = AgentConfigLoader.Load(ExplicitPath);
        Volatile.Write(ref _current, next);
        return next;
    }
}

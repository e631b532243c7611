using Nictune.Host.Daemon.Configuration;

namespace Nictune.Host.Daemon;

/// <summary>The configuration in force, and where to read it again on SIGHUP.</summary>
public sealed class AgentSettingsSource(AgentSettings initial, string? explicitPath)
{
    private AgentSettings _current = initial;

    public AgentSettings Current => Volatile.Read(ref _current);

    /// <summary>The <c>--config</c> file, or null for the default path.</summary>
    public string? ExplicitPath { get; } = explicitPath;

    /// <summary>Reads the file again without putting it in force: see <see cref="Commit"/>.</summary>
    /// <exception cref="AgentConfigException">The file is now invalid or missing.</exception>
    public AgentSettings Read() => AgentConfigLoader.Load(ExplicitPath);

    /// <summary>Puts settings read by <see cref="Read"/> in force, once the tuner has accepted them.</summary>
    public void Commit(AgentSettings next) => Volatile.Write(ref _current, next);
}

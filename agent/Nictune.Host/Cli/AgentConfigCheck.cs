using System.CommandLine;
using Nictune.Core.Profiles;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Tuning;
using Nictune.Linux.Profiles;

namespace Nictune.Host.Cli;

/// <summary>
/// What <c>run</c> checks before it starts, and <c>check-config</c> checks alone: the agent configuration, then its
/// profile. Every problem is a <see cref="UsageException"/> (exit 2) naming the file, line and key.
/// </summary>
internal static class AgentConfigCheck
{
    public static Option<string?> ConfigOption() => new("--config")
    {
        Description = $"Read the agent configuration from FILE (default {AgentConfigLoader.DefaultPath}; when that is absent, defaults apply)",
        HelpName = "FILE",
    };

    /// <exception cref="UsageException">The file is missing (when named), unreadable or invalid.</exception>
    public static AgentSettings Load(string? configPath)
    {
        try
        {
            return AgentConfigLoader.Load(configPath);
        }
        catch (AgentConfigException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// A configured profile that does not exist or does not validate is a configuration error, found before the daemon
    /// starts (or before a reload is signalled) rather than as a failed tune. A pushed profile that cannot be used is
    /// not: the agent starts, enforcing nothing and reporting it, so that a push can fix it (<see cref="ProfileSelection"/>).
    /// </summary>
    /// <exception cref="UsageException">The profile cannot be loaded.</exception>
    public static CheckedProfile CheckProfile(AgentSettings settings, ProfileCatalog catalog)
    {
        try
        {
            return new CheckedProfile(settings, ProfileSelection.Select(settings.StateDirectory, settings.Profile, catalog));
        }
        catch (ProfileException e)
        {
            throw new UsageException($"{settings.ConfigFile ?? "configuration"}: profile: {e.Message}");
        }
    }
}

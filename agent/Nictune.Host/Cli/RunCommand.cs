using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nictune.Core.Profiles;
using Nictune.Host.Daemon;
using Microsoft.Extensions.Logging;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Tuning;
using Nictune.Linux.IO;
using Nictune.Linux.Profiles;

namespace Nictune.Host.Cli;

/// <summary><c>nictune run</c>: the daemon (systemd/nictune.service starts it).</summary>
internal static class RunCommand
{
    /// <summary>The real tuner: the transaction engine on the live system, profiles from the catalog's search path.</summary>
    private static Func<IServiceProvider, IAgentTuner> TunerFactory(ProfileCatalog catalog) =>
        services => new EngineTuner(services.GetRequiredService<ILogger<EngineTuner>>(), catalog, SystemRoot.Live);

    /// <summary>
    /// A profile that does not exist or does not validate is a configuration error (exit 2, naming the key), found
    /// before the daemon starts rather than as a failed boot tune.
    /// </summary>
    private static void CheckProfile(AgentSettings settings, ProfileCatalog catalog)
    {
        try
        {
            ProfileSelection.Load(settings.StateDirectory, settings.Profile, catalog);
        }
        catch (ProfileException e)
        {
            throw new UsageException($"{settings.ConfigFile ?? "configuration"}: profile: {e.Message}");
        }
    }

    public static Command Create()
    {
        var config = new Option<string?>("--config")
        {
            Description = $"Read the agent configuration from FILE (default {AgentConfigLoader.DefaultPath}; when that is absent, defaults apply)",
            HelpName = "FILE",
        };
        var command = new Command("run", "Run the agent: tune at boot, then follow hot-plug and drift until stopped") { config };
        command.SetAction(parse =>
        {
            var catalog = ProfileCatalog.FromEnvironment();
            return Run(parse.GetValue(config), TunerFactory(catalog), checkProfile: settings => CheckProfile(settings, catalog));
        });
        return command;
    }

    /// <summary>Loads the configuration (exit 2 when invalid), then runs the daemon until SIGTERM.</summary>
    internal static int Run(
        string? configPath,
        Func<IServiceProvider, IAgentTuner> tunerFactory,
        DaemonEnvironment? environment = null,
        Action<AgentSettings>? checkProfile = null)
    {
        AgentSettings settings;
        try
        {
            settings = AgentConfigLoader.Load(configPath);
        }
        catch (AgentConfigException e)
        {
            throw new UsageException(e.Message);
        }

        checkProfile?.Invoke(settings);

        using var host = AgentDaemon.CreateBuilder(new AgentSettingsSource(settings, configPath), tunerFactory, environment).Build();

        // Resolved before Run(), which disposes the container when the host stops.
        var exit = host.Services.GetRequiredService<AgentExit>();
        host.Run();
        return exit.Code;
    }
}

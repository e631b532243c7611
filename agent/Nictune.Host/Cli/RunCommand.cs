using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nictune.Host.Daemon;
using Nictune.Host.Daemon.Configuration;

namespace Nictune.Host.Cli;

/// <summary><c>nictune run</c>: the daemon (systemd/nictune.service starts it).</summary>
internal static class RunCommand
{
    // TODO(tuner): set this to the tuning engine's factory, e.g. `services => new EngineTuner(...)`; until then `run` validates its configuration and exits 1.
    private static Func<IServiceProvider, IAgentTuner>? TunerFactory => null;

    public static Command Create()
    {
        var config = new Option<string?>("--config")
        {
            Description = $"Read the agent configuration from FILE (default {AgentConfigLoader.DefaultPath}; when that is absent, defaults apply)",
            HelpName = "FILE",
        };
        var command = new Command("run", "Run the agent: tune at boot, then follow hot-plug and drift until stopped") { config };
        command.SetAction(parse => Run(parse.GetValue(config), TunerFactory));
        return command;
    }

    /// <summary>Loads the configuration (exit 2 when invalid), then runs the daemon until SIGTERM.</summary>
    internal static int Run(string? configPath, Func<IServiceProvider, IAgentTuner>? tunerFactory, DaemonEnvironment? environment = null)
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

        if (tunerFactory is null)
        {
            Console.Error.WriteLine("nictune: run: the tuning engine is not part of this build yet");
            return ExitCodes.FailedRolledBack;
        }

        using var host = AgentDaemon.CreateBuilder(new AgentSettingsSource(settings, configPath), tunerFactory, environment).Build();

        // Resolved before Run(), which disposes the container when the host stops.
        var exit = host.Services.GetRequiredService<AgentExit>();
        host.Run();
        return exit.Code;
    }
}

using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nictune.Core.Profiles;
using Nictune.Host.Daemon;
using Nictune.Host.Daemon.Api;
using Microsoft.Extensions.Logging;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Status;
using Nictune.Host.Tuning;
using Nictune.Linux.IO;
using Nictune.Linux.Profiles;

namespace Nictune.Host.Cli;

/// <summary><c>nictune run</c>: the daemon (systemd/nictune.service starts it).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = AgentConfigCheck.ConfigOption();
        var command = new Command("run", "Run the agent: tune at boot, then follow hot-plug and drift until stopped") { config };
        command.SetAction(parse =>
        {
            var catalog = ProfileCatalog.FromEnvironment();
            CheckedProfile? checkedProfile = null;

            // The real tuner: the transaction engine on the live system, profiles from the daemon's one catalog (the
            // same instance the start-up check used), and for the boot tune the profile that check has already parsed.
            IAgentTuner Tuner(IServiceProvider services) =>
                new EngineTuner(
                    services.GetRequiredService<ILogger<EngineTuner>>(),
                    services.GetRequiredService<ProfileCatalog>(),
                    SystemRoot.Live,
                    services.GetRequiredService<AgentStatusBoard>(),
                    new Adaptive.AdaptiveRings(Adaptive.AdaptiveCounters.Create(), services.GetRequiredService<AgentStatusBoard>(), TimeProvider.System),
                    checkedProfile);

            return Run(parse.GetValue(config), Tuner, checkProfile: settings => checkedProfile = AgentConfigCheck.CheckProfile(settings, catalog), serveApi: true, catalog: catalog);
        });
        return command;
    }

    /// <summary>Loads the configuration (exit 2 when invalid), then runs the daemon until SIGTERM.</summary>
    internal static int Run(
        string? configPath,
        Func<IServiceProvider, IAgentTuner> tunerFactory,
        DaemonEnvironment? environment = null,
        Action<AgentSettings>? checkProfile = null,
        bool serveApi = false,
        ProfileCatalog? catalog = null)
    {
        var settings = AgentConfigCheck.Load(configPath);

        checkProfile?.Invoke(settings);

        var builder = AgentDaemon.CreateBuilder(new AgentSettingsSource(settings, configPath), tunerFactory, environment, catalog);

        // The control API (served by the daemon's web server, which stops before the work loop). Only the real `run`
        // serves it: hosts built around a test's tuner must not bind the default socket.
        if (serveApi)
        {
            builder.Services.AddNictuneApi(settings.Api);
        }
        using var host = builder.Build();

        var exit = host.Services.GetRequiredService<AgentExit>();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            host.Start();
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // SIGTERM (or a failed boot) while the host was still starting its services: not a crash. The stop below
            // still runs, so the work in flight finishes and STOPPING=1 is sent.
        }

        host.WaitForShutdown();
        return exit.Code;
    }
}

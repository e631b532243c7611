using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Nictune.Host.Metrics;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;
using Nictune.Host.Daemon.Web;
using Nictune.Linux.Netlink;

namespace Nictune.Host.Daemon;

/// <summary>Composes the daemon host: configuration, systemd integration, logging, hot-plug and the tuner seam.</summary>
public static class AgentDaemon
{
    /// <summary>Stays under systemd's default TimeoutStopSec (90 s) so our own deadline handling runs first.</summary>
    public static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(80);

    /// <summary>
    /// A host builder with everything registered. Callers (and tests) may replace services before
    /// <c>Build()</c>: the last registration of <see cref="ILinkEventSource"/> or <see cref="IAgentTuner"/> wins.
    /// </summary>
    /// <param name="tunerFactory">Creates the tuning engine from the container (settings are in <see cref="AgentSettingsSource"/>).</param>
    public static HostApplicationBuilder CreateBuilder(AgentSettingsSource settings, Func<IServiceProvider, IAgentTuner> tunerFactory, DaemonEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(tunerFactory);
        environment ??= DaemonEnvironment.FromProcess();

        // The empty builder: no appsettings.json, environment or command-line configuration sources to read
        // (our configuration is agent.yaml), but still the console lifetime that turns SIGTERM into a stop.
        // Not SystemdLifetime (UseSystemd/AddSystemd): it sends a bare READY=1 as soon as the hosted services have
        // started, before the boot tune has tuned anything, and STOPPING=1 before in-flight work has finished;
        // AgentService sends both itself, through the library's ISystemdNotifier, when they are true.
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "nictune" });
        ConfigureLogging(builder.Logging, environment.UnderSystemd);

        var services = builder.Services;
        services.Configure<HostOptions>(options => options.ShutdownTimeout = StopDeadline);
        services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        services.AddSingleton(settings);
        services.AddSingleton(environment);
        services.AddSingleton(environment.Notifier);
        services.AddSingleton<AgentExit>();
        services.AddSingleton<IAgentTuner>(tunerFactory);
        services.AddSingleton<ILinkEventSource>(OpenLinkMonitor);
        services.AddSingleton(provider => new AgentEventFeed(provider.GetRequiredService<ILogger<AgentEventFeed>>(), settings.Current.Api.EventsBuffer));
        services.AddSingleton(provider => new AgentStatusBoard(provider.GetRequiredService<AgentEventFeed>()));
        services.AddSingleton(_ => new LoopHeartbeat());
        services.AddSingleton<AgentService>();
        services.AddNictuneMetrics(settings.Current.Metrics);
        services.AddSingleton<IAgentControl>(provider => new AgentControl(
            provider.GetRequiredService<AgentService>().Queue,
            provider.GetRequiredService<IAgentTuner>(),
            provider.GetRequiredService<AgentService>(),
            provider.GetRequiredService<AgentStatusBoard>(),
            provider.GetRequiredService<AgentEventFeed>()));
        services.AddHostedService(provider => provider.GetRequiredService<AgentService>());
        if (environment.WatchdogInterval is not null)
        {
            services.AddHostedService<WatchdogService>();
        }

        // Last, so it stops first: the API and /metrics on one Kestrel, when either is configured.
        services.AddHostedService<DaemonWebServer>();

        return builder;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool underSystemd)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);

        // grpc-dotnet logs every call at Information or Debug; our own interceptor logs calls at Debug and audits
        // mutations at Information (a log line per request costs most of the server's throughput).
        logging.AddFilter("Grpc", LogLevel.Warning);
        if (underSystemd)
        {
            // "<6>message": journald takes the priority from the prefix and adds its own timestamps.
            logging.AddSystemdConsole(options => options.IncludeScopes = false);
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
    }

    private static ILinkEventSource OpenLinkMonitor(IServiceProvider provider)
    {
        try
        {
            return RtnetlinkMonitor.Open();
        }
        catch (IOException e)
        {
            AgentLog.LinkMonitorUnavailable(provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AgentDaemon)), e.Message);
            return NoLinkEvents.Instance;
        }
    }
}

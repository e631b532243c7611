using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Nictune.Host.Metrics;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;
using Nictune.Host.Daemon.Web;
using Nictune.Linux.Netlink;
using Nictune.Linux.Profiles;

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
    /// <param name="catalog">The daemon's one profile catalog (the search path's profiles), for the tuner and the API alike; <c>$NICTUNE_PROFILE_PATH</c>'s when null.</param>
    public static HostApplicationBuilder CreateBuilder(AgentSettingsSource settings, Func<IServiceProvider, IAgentTuner> tunerFactory, DaemonEnvironment? environment = null, ProfileCatalog? catalog = null)
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
        services.AddSingleton<IOptions<HostOptions>>(new FixedOptions<HostOptions>(new HostOptions { ShutdownTimeout = StopDeadline }));
        services.AddSingleton<IStartupValidator, NoStartupValidation>();
        services.AddSingleton<IOptions<ConsoleLifetimeOptions>>(new FixedOptions<ConsoleLifetimeOptions>(new ConsoleLifetimeOptions { SuppressStatusMessages = true }));
        services.AddSingleton(settings);
        services.AddSingleton(catalog ?? ProfileCatalog.FromEnvironment());
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
            provider.GetRequiredService<AgentEventFeed>(),
            new PushedProfileChanges(
                provider.GetRequiredService<IAgentTuner>(),
                provider.GetRequiredService<AgentStatusBoard>(),
                settings,
                provider.GetRequiredService<ILoggerFactory>().CreateLogger<AgentService>())));
        services.AddHostedService(provider => provider.GetRequiredService<AgentService>());
        if (environment.WatchdogInterval is not null)
        {
            services.AddHostedService<WatchdogService>();
        }

        // Last, so it stops first: the API and /metrics on one Kestrel, when either is configured.
        services.AddHostedService<DaemonWebServer>();

        return builder;
    }

    /// <summary>
    /// The console logger: one line per message, or journald's format under systemd. Its options are fixed values
    /// (<see cref="FixedOptions{TOptions}"/>), not configure actions, so that no options pipeline is built at start-up;
    /// the configuration file has no logging section, so there is nothing for such a pipeline to read anyway.
    /// </summary>
    private static void ConfigureLogging(ILoggingBuilder logging, bool underSystemd)
    {
        // The provider and its formatters (registered with their own configure actions, which the fixed options below
        // take the place of).
        logging.AddConsole();
        var services = logging.Services;
        services.AddSingleton<IOptionsMonitor<LoggerFilterOptions>>(new FixedOptions<LoggerFilterOptions>(Filters()));
        services.AddSingleton<IOptions<LoggerFactoryOptions>>(new FixedOptions<LoggerFactoryOptions>(new LoggerFactoryOptions()));

        // "<6>message" under systemd: journald takes the priority from the prefix and adds its own timestamps.
        services.AddSingleton<IOptionsMonitor<ConsoleLoggerOptions>>(new FixedOptions<ConsoleLoggerOptions>(new ConsoleLoggerOptions
        {
            FormatterName = underSystemd ? ConsoleFormatterNames.Systemd : ConsoleFormatterNames.Simple,
        }));
        services.AddSingleton<IOptionsMonitor<ConsoleFormatterOptions>>(new FixedOptions<ConsoleFormatterOptions>(new ConsoleFormatterOptions { IncludeScopes = false }));
        services.AddSingleton<IOptionsMonitor<SimpleConsoleFormatterOptions>>(new FixedOptions<SimpleConsoleFormatterOptions>(new SimpleConsoleFormatterOptions
        {
            SingleLine = true,
            TimestampFormat = "HH:mm:ss.fff ",
        }));
        services.AddSingleton<IOptionsMonitor<JsonConsoleFormatterOptions>>(new FixedOptions<JsonConsoleFormatterOptions>(new JsonConsoleFormatterOptions()));
    }

    private static LoggerFilterOptions Filters()
    {
        var filters = new LoggerFilterOptions { MinLevel = LogLevel.Information };
        filters.Rules.Add(new LoggerFilterRule(providerName: null, categoryName: "Microsoft", LogLevel.Warning, filter: null));

        // grpc-dotnet logs every call at Information or Debug; our own interceptor logs calls at Debug and audits
        // mutations at Information (a log line per request costs most of the server's throughput).
        filters.Rules.Add(new LoggerFilterRule(providerName: null, categoryName: "Grpc", LogLevel.Warning, filter: null));

        // Its call handler logs a request that is not a protobuf message at Error with a stack trace, per call: the
        // API logs those itself, once per connection at Debug (Protocol/Api/UnparsableRequests).
        filters.Rules.Add(new LoggerFilterRule(providerName: null, categoryName: Nictune.Protocol.Api.UnparsableRequests.HandlerLogCategory, LogLevel.None, filter: null));
        return filters;
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

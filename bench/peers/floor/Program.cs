using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Nictune.Bench.Floor;
using Nictune.Host.Daemon;

// The floor: `floor SOCKET METRICS_PORT` serves grpc.health.v1.Health/Check over HTTP/2 on the Unix socket SOCKET and
// /metrics over HTTP/1.1 on 127.0.0.1:METRICS_PORT, on one Kestrel, and sends READY=1 once both listen; SIGTERM stops
// it. The host is composed as agent/Nictune.Host/Daemon/AgentDaemon.cs composes the daemon's: the empty builder, the
// console logger with fixed options, the console lifetime.
if (args.Length != 2 || !int.TryParse(args[1], out var metricsPort))
{
    await Console.Error.WriteLineAsync("usage: floor SOCKET METRICS_PORT").ConfigureAwait(false);
    return 2;
}

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "floor" });
builder.Logging.AddConsole();
var services = builder.Services;
var filters = new LoggerFilterOptions { MinLevel = LogLevel.Information };
filters.Rules.Add(new LoggerFilterRule(providerName: null, categoryName: "Microsoft", LogLevel.Warning, filter: null));
filters.Rules.Add(new LoggerFilterRule(providerName: null, categoryName: "Grpc", LogLevel.Warning, filter: null));
services.AddSingleton<IOptionsMonitor<LoggerFilterOptions>>(new FixedOptions<LoggerFilterOptions>(filters));
services.AddSingleton<IOptions<LoggerFactoryOptions>>(new FixedOptions<LoggerFactoryOptions>(new LoggerFactoryOptions()));
services.AddSingleton<IOptionsMonitor<ConsoleLoggerOptions>>(new FixedOptions<ConsoleLoggerOptions>(new ConsoleLoggerOptions { FormatterName = ConsoleFormatterNames.Simple }));
services.AddSingleton<IOptionsMonitor<ConsoleFormatterOptions>>(new FixedOptions<ConsoleFormatterOptions>(new ConsoleFormatterOptions()));
services.AddSingleton<IOptionsMonitor<SimpleConsoleFormatterOptions>>(new FixedOptions<SimpleConsoleFormatterOptions>(new SimpleConsoleFormatterOptions { SingleLine = true }));
services.AddSingleton<IOptionsMonitor<JsonConsoleFormatterOptions>>(new FixedOptions<JsonConsoleFormatterOptions>(new JsonConsoleFormatterOptions()));
services.AddSingleton<IOptions<HostOptions>>(new FixedOptions<HostOptions>(new HostOptions()));
services.AddSingleton<IStartupValidator, NoStartupValidation>();
services.AddSingleton<IOptions<ConsoleLifetimeOptions>>(new FixedOptions<ConsoleLifetimeOptions>(new ConsoleLifetimeOptions { SuppressStatusMessages = true }));
services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
services.AddSingleton(new FloorEndpoints(args[0], metricsPort));
services.AddHostedService<FloorServer>();
using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
return 0;

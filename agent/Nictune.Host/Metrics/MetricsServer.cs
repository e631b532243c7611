using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nictune.Host.Daemon.Configuration;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Metrics;

/// <summary>
/// The /metrics listener: a Kestrel server of its own (HTTP/1.1 only, as Prometheus scrapes) on the addresses of
/// <c>metrics.listen</c>, separate from the gRPC endpoints. It is the leanest Kestrel there is: the empty web
/// application builder with Kestrel's core and one terminal request delegate, no routing, no configuration sources.
/// A listener that cannot bind (the port is taken) is logged and the agent goes on tuning without metrics.
/// </summary>
internal sealed class MetricsServer(MetricsSettings settings, MetricsEndpoint endpoint, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<MetricsServer>();
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "nictune" });
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var address in settings.Listen)
            {
                kestrel.Listen(address, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        var app = builder.Build();
        var addresses = string.Join(", ", settings.Listen);
        app.Run(endpoint.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            _app = app;
            MetricsLog.Listening(_logger, addresses, MetricsEndpoint.Path);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            MetricsLog.ListenFailed(_logger, addresses, e.Message);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}

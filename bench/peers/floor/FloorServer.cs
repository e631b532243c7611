using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Nictune.Host.Daemon.Web;
using Nictune.Protocol.Api;

namespace Nictune.Bench.Floor;

/// <summary>
/// One Kestrel for both endpoints, started as agent/Nictune.Host/Daemon/Web/DaemonWebServer.cs starts the daemon's:
/// the sockets are bound and listening (<see cref="ListeningSocket"/>) before READY=1, then the web application (the
/// empty web builder, Kestrel's core, the outer host's logger factory, routing and gRPC) is built and started in the
/// background, and Kestrel adopts them; a client that connects meanwhile waits in the kernel's backlog.
/// </summary>
internal sealed class FloorServer(FloorEndpoints endpoints, ILoggerFactory loggerFactory, ISystemdNotifier notifier) : IHostedService, IAsyncDisposable
{
    private ListeningSocket? _api;
    private ListeningSocket? _metrics;
    private Task<WebApplication>? _serving;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _api = ListeningSocket.Unix(endpoints.SocketPath);
        _metrics = ListeningSocket.Tcp(new IPEndPoint(IPAddress.Loopback, endpoints.MetricsPort));
        notifier.Notify(ServiceState.Ready);
        _serving = Task.Run(ServeAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_serving is not null)
        {
            await (await _serving.ConfigureAwait(false)).StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_serving is { IsCompletedSuccessfully: true })
        {
            await _serving.Result.DisposeAsync().ConfigureAwait(false);
        }

        _api?.Dispose();
        _metrics?.Dispose();
    }

    private async Task<WebApplication> ServeAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "floor" });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, InnerHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            _api!.AdoptInto(kestrel, listen => listen.Protocols = HttpProtocols.Http2);
            _metrics!.AdoptInto(kestrel, listen => listen.Protocols = HttpProtocols.Http1);
#if FLOOR_TLS
            FloorTls.ListenIfConfigured(kestrel);
#endif
        });
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc(grpc => grpc.EnableDetailedErrors = false);
        var metrics = new FloorMetrics();
        var app = builder.Build();
        app.Use(next => context => context.Request.Path == FloorMetrics.Path ? metrics.HandleAsync(context) : next(context));
        app.UseRouting();
        app.MapGrpcService<HealthService>();
#if FLOOR_FULL
        await FloorFull.StartAsync(app, CancellationToken.None).ConfigureAwait(false);
#else
        await app.StartAsync(CancellationToken.None).ConfigureAwait(false);
#endif
        return app;
    }
}

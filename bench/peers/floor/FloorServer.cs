using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Nictune.Host.Daemon.Web;

namespace Nictune.Bench.Floor;

/// <summary>
/// One Kestrel for both endpoints, built as agent/Nictune.Host/Daemon/Web/DaemonWebServer.cs builds the daemon's (the
/// empty web builder, Kestrel's core, the outer host's logger factory, routing and gRPC), started before READY=1.
/// </summary>
internal sealed class FloorServer(FloorEndpoints endpoints, ILoggerFactory loggerFactory, ISystemdNotifier notifier) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        File.Delete(endpoints.SocketPath);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "floor" });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, InnerHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenUnixSocket(endpoints.SocketPath, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, endpoints.MetricsPort, listen => listen.Protocols = HttpProtocols.Http1);
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
        await FloorFull.StartAsync(app, cancellationToken).ConfigureAwait(false);
#else
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
#endif
        _app = app;
        notifier.Notify(ServiceState.Ready);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _app is null ? Task.CompletedTask : _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}

using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nictune.Host.Daemon.Api;
using Nictune.Host.Metrics;
using Nictune.Protocol.Api;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Daemon.Web;

/// <summary>
/// The daemon's one Kestrel server: the control API (<see cref="ApiHosting"/>, HTTP/2 on the Unix socket and the TLS
/// ports) and /metrics (<see cref="MetricsHosting"/>, HTTP/1.1 on <c>metrics.listen</c>), each served only on its own
/// listeners (<see cref="MetricsListeners"/>). One server rather than one per endpoint: one set of Kestrel threads,
/// timers, memory pools and a single host container, which is most of what an idle agent's memory is.
/// <para>
/// Registered after the work loop, so it stops first: health turns NOT_SERVING and the listeners close before the
/// loop stops, and no call is left waiting on a loop that is gone. It listens at once (health answers NOT_SERVING
/// during the boot tune) and turns SERVING when the boot tune is done.
/// </para>
/// <para>
/// The two endpoints fail differently, as before they shared a server: an API listener that cannot be set up (a
/// socket path that is a file or a link, a port in use) stops the agent with exit code 2, naming it; a metrics
/// address that cannot be bound is logged and the agent goes on tuning without metrics. The metrics' listeners are
/// bound first; when the start fails and metrics are on, the API is started alone to tell which one failed.
/// </para>
/// </summary>
internal sealed class DaemonWebServer(
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    AgentExit exit,
    IHostApplicationLifetime lifetime) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DaemonWebServer>();
    private readonly ApiHosting? _api = services.GetService<ApiHosting>();
    private readonly MetricsHosting? _metrics = services.GetService<MetricsHosting>();
    private WebApplication? _app;
    private HealthServiceImpl? _health;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_api is null && _metrics is null)
        {
            return;
        }

        try
        {
            var failure = await TryStartAsync(_api, _metrics, cancellationToken).ConfigureAwait(false);
            var metricsServed = _metrics is not null && failure is null;
            if (failure is not null && _metrics is not null)
            {
                // The metrics' addresses are at fault unless the API alone fails too.
                var apiFailure = _api is null ? null : await TryStartAsync(_api, metrics: null, cancellationToken).ConfigureAwait(false);
                if (apiFailure is null)
                {
                    MetricsLog.ListenFailed(_logger, _metrics.Addresses, failure.Message);
                }

                failure = apiFailure;
            }

            if (failure is not null)
            {
                ApiHostLog.CannotListen(_logger, failure.Message);
                exit.Fail(ExitCodes.InvalidInput);
                lifetime.StopApplication();
                return;
            }

            Announce(metricsServed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent is stopping before it started (a boot that failed at once): nothing to serve.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is null)
        {
            return;
        }

        if (_health is not null)
        {
            ApiServer.SetHealth(_health, HealthCheckResponse.Types.ServingStatus.NotServing);
        }

        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_api?.Listeners.SocketPath is { } socket)
        {
            // Kestrel leaves the socket file behind; the next start would replace it anyway, but tidy is better.
            File.Delete(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Builds and starts a server for the endpoints given; the reason it could not listen, or null.</summary>
    private async Task<Exception?> TryStartAsync(ApiHosting? api, MetricsHosting? metrics, CancellationToken cancellationToken)
    {
        WebApplication? app = null;
        try
        {
            app = Build(api, metrics);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            _app = app;
            return null;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or UnauthorizedAccessException or OperationCanceledException)
        {
            _health = null;
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            if (e is OperationCanceledException)
            {
                throw;
            }

            return e;
        }
    }

    /// <summary>
    /// The smallest ASP.NET Core host there is: the empty builder (no configuration sources, no IIS, no HTTPS
    /// redirection), Kestrel's core, the daemon's logger factory (so the daemon's log filters apply), routing only
    /// when the API is served.
    /// </summary>
    private WebApplication Build(ApiHosting? api, MetricsHosting? metrics)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "nictune" });
        builder.Services.AddSingleton(loggerFactory);
        var apiLogger = loggerFactory.CreateLogger(typeof(ApiServer));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (metrics is not null)
            {
                MetricsListeners.Configure(kestrel, metrics);
            }

            if (api is not null)
            {
                ApiListeners.Configure(kestrel, api.Listeners, apiLogger);
            }
        });
        if (api is not null)
        {
            ApiServer.AddServices(builder.Services, api.Listeners, api.Policy, api.Backend, api.CallMetrics);
        }

        var app = builder.Build();
        if (metrics is not null)
        {
            app.Use(MetricsListeners.Branch(metrics.Endpoint));
        }

        if (api is not null)
        {
            app.UseRouting();
            _health = ApiServer.Map(app);
        }

        return app;
    }

    private void Announce(bool metricsServed)
    {
        if (metricsServed)
        {
            MetricsLog.Listening(_logger, _metrics!.Addresses, MetricsEndpoint.Path);
        }

        if (_api is null)
        {
            return;
        }

        if (_api.Listeners.SocketPath is { } socket)
        {
            UnixSocketPath.Publish(socket);
        }

        foreach (var endpoint in ApiListeners.Describe(_api.Listeners))
        {
            ApiLog.Listening(_logger, endpoint);
        }

        _ = _api.Backend.BootTuneDone.ContinueWith(
            static (done, state) =>
            {
                if (done.IsCompletedSuccessfully)
                {
                    ApiServer.SetHealth((HealthServiceImpl)state!, HealthCheckResponse.Types.ServingStatus.Serving);
                }
            },
            _health,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}

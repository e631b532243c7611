using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nictune.Protocol.Api;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Daemon.Api;

/// <summary>
/// Runs the control API's Kestrel host inside the daemon, as a hosted service of its own: it starts listening at
/// once (health answers NOT_SERVING during the boot tune), turns SERVING when the boot tune is done, and on stop
/// turns NOT_SERVING and closes the listeners before the work loop stops, so no call is left waiting on a loop that
/// is gone. A listener that cannot be set up (a socket path that is a file or a link, a port in use) stops the
/// agent with exit code 2, naming it.
/// </summary>
internal sealed class ApiHostedService(
    ApiListenerOptions listeners,
    ApiAccessPolicy policy,
    IAgentBackend backend,
    ILoggerFactory loggerFactory,
    AgentExit exit,
    IHostApplicationLifetime lifetime,
    ApiCallMetrics? callMetrics = null) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ApiHostedService>();
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _app = ApiServer.Build(listeners, policy, backend, loggerFactory, callMetrics);
            await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent is stopping before it started (a boot that failed at once): nothing to serve.
            return;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or UnauthorizedAccessException)
        {
            ApiHostLog.CannotListen(_logger, e.Message);
            exit.Fail(ExitCodes.InvalidInput);
            lifetime.StopApplication();
            return;
        }

        if (listeners.SocketPath is { } socket)
        {
            UnixSocketPath.Publish(socket);
        }

        foreach (var endpoint in ApiListeners.Describe(listeners))
        {
            ApiLog.Listening(_logger, endpoint);
        }

        var health = _app.Services.GetRequiredService<HealthServiceImpl>();
        _ = backend.BootTuneDone.ContinueWith(
            static (done, state) =>
            {
                if (done.IsCompletedSuccessfully)
                {
                    ApiServer.SetHealth((HealthServiceImpl)state!, HealthCheckResponse.Types.ServingStatus.Serving);
                }
            },
            health,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is null)
        {
            return;
        }

        ApiServer.SetHealth(_app.Services.GetRequiredService<HealthServiceImpl>(), HealthCheckResponse.Types.ServingStatus.NotServing);
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        if (listeners.SocketPath is { } socket)
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
}

using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nictune.Host.Daemon.Api;
using Nictune.Host.Daemon.Status;
using Nictune.Host.Metrics;
using Nictune.Linux.IO;
using Nictune.Protocol.Api;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Daemon.Web;

/// <summary>
/// The daemon's one Kestrel server: the control API (<see cref="ApiHosting"/>, HTTP/2 on the Unix socket and the TLS
/// ports) and /metrics (<see cref="MetricsHosting"/>, HTTP/1.1 on <c>metrics.listen</c>), each served only on its own
/// listeners (<see cref="MetricsListeners"/>). One server rather than one per endpoint: one set of Kestrel threads,
/// timers, memory pools and a single host container, which is most of what an idle agent's memory is.
/// <para>
/// Its start is in two steps, so that READY=1 waits only for what it promises (docs/architecture.md, "The daemon").
/// Before any service starts (<see cref="StartingAsync"/>, so before the boot tune) it binds and listens on every
/// socket itself (<see cref="ListeningSocket"/>): cheap system calls, and every bind failure is known at once. The
/// two endpoints fail differently: an API listener that cannot be set up (a socket path that is a file or a link, a
/// port in use) stops the agent with exit code 2, naming it, before anything is tuned; a metrics address that cannot
/// be bound is logged and the agent goes on tuning without metrics. Then (<see cref="StartAsync"/>) the web
/// application is built and started in the background, once the boot tune is done (or after
/// <see cref="BootTuneHeadStart"/>), and Kestrel adopts the sockets; a client that connects before it accepts waits
/// in the kernel's backlog. Health answers NOT_SERVING until the boot tune is done.
/// </para>
/// <para>
/// Registered after the work loop, so it stops first: a start not yet begun is skipped and one in progress waited
/// for, health turns NOT_SERVING and the listeners close before the loop stops, and no call is left waiting on a loop
/// that is gone. The sockets (and the socket file) are closed by this class, once Kestrel has let go of them.
/// </para>
/// </summary>
internal sealed class DaemonWebServer(
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    AgentExit exit,
    IHostApplicationLifetime lifetime,
    AgentStatusBoard board) : IHostedLifecycleService, IAsyncDisposable
{
    /// <summary>
    /// How long Kestrel's build waits for the boot tune before it starts anyway, so that a boot tune held up by a
    /// slow driver still has its API and /metrics answering (status says "boot tune in progress").
    /// </summary>
    internal static readonly TimeSpan BootTuneHeadStart = TimeSpan.FromMilliseconds(250);

    private readonly ILogger _logger = loggerFactory.CreateLogger<DaemonWebServer>();
    private readonly ApiHosting? _api = services.GetService<ApiHosting>();
    private readonly MetricsHosting? _metrics = services.GetService<MetricsHosting>();
    private readonly CancellationTokenSource _stopping = new();
    private ApiSockets? _apiSockets;
    private IReadOnlyList<ListeningSocket> _metricsSockets = [];
    private Task _serving = Task.CompletedTask;
    private WebApplication? _app;
    private HealthServiceImpl? _health;

    /// <summary>
    /// Completes on a pool thread when the boot tune is done, after <see cref="BootTuneHeadStart"/> if it is not done
    /// by then, or when <paramref name="stopping"/> is cancelled (never faults): when what is not needed before
    /// READY=1 is built.
    /// </summary>
    internal static async Task BootTunedOrHeadStart(AgentStatusBoard board, CancellationToken stopping)
    {
        await Task.WhenAny(board.BootTuned, Task.Delay(BootTuneHeadStart, stopping)).ConfigureAwait(false);

        // BootTuned runs its continuations inline (health must say SERVING before READY=1 goes out), so this runs
        // on the work loop's thread, which has yet to send READY=1: off it, to the pool.
        await Task.Yield();
    }

    private bool Serves => _apiSockets is not null || _metricsSockets.Count > 0;

    /// <summary>Before any service starts: binds and listens on the API's and the metrics' sockets.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var needed = ConnectionLimits.DescriptorsNeeded(
            _api?.Listeners.SocketPath is not null, _api?.Listeners.TcpEndpoints.Count ?? 0, _metrics?.Settings.Listen.Count ?? 0);
        if (ConnectionLimits.CheckDescriptorLimit(ProcessLimits.OpenFilesLimit(), needed) is { } problem)
        {
            ConnectionLimitLog.DescriptorLimit(_logger, problem);
            exit.Fail(ExitCodes.InvalidInput);
            lifetime.StopApplication();
            return Task.CompletedTask;
        }

        if (_api is not null)
        {
            try
            {
                _apiSockets = ApiSockets.Bind(_api.Listeners);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
            {
                ApiHostLog.CannotListen(_logger, e.Message);
                exit.Fail(ExitCodes.InvalidInput);
                lifetime.StopApplication();
                return Task.CompletedTask;
            }
        }

        if (_metrics is not null)
        {
            try
            {
                _metricsSockets = MetricsListeners.Bind(_metrics);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
            {
                MetricsLog.ListenFailed(_logger, _metrics.Addresses, e.Message);
            }
        }

        Announce();
        return Task.CompletedTask;
    }

    /// <summary>Builds and starts the web application in the background, off READY's path.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Serves && !cancellationToken.IsCancellationRequested)
        {
            _serving = Task.Run(ServeAsync, CancellationToken.None);
        }
        else
        {
            StartupHeap.ReleaseOnce(board.BootTuned);
        }

        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A start not yet begun does not begin; one in progress is waited for (Kestrel's start is short, and one
        // cancelled half-way is logged as a hosting failure). The sockets are closed only once Kestrel is done with them.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _serving.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_app is not null)
        {
            if (_health is not null)
            {
                ApiServer.SetHealth(_health, HealthCheckResponse.Types.ServingStatus.NotServing);
            }

            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        CloseSockets();
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        CloseSockets();
        _stopping.Dispose();
    }

    /// <summary>
    /// The background start: builds the application and starts Kestrel on the sockets already listening. It cannot
    /// fail on an address (they are bound); anything else that fails it is said as a failure to listen would be.
    /// </summary>
    private async Task ServeAsync()
    {
        var stopping = _stopping.Token;
        WebApplication? app = null;
        try
        {
            // Building the application is most of the daemon's start-up CPU (the gRPC service binder, DI's open
            // generics, which the runtime's type loader builds): done beside the boot tune it takes a CPU from it on a
            // 2-vCPU guest, and on a 1-vCPU guest it delays READY=1 by all of its time. So it waits for the boot tune
            // (a client that connects meanwhile waits in the backlog), or for BootTuneHeadStart if that is slow.
            await BootTunedOrHeadStart(board, stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            app = Build();
            if (_api is not null)
            {
                ServeHealthOnceBootTuned(_api.Serving.Value.Backend.BootTuneDone);
            }

            // Start-up's garbage, the builders' included: released before Kestrel serves when the boot tune is done
            // already (the usual case), so that every scrape and call sees it done.
            StartupHeap.ReleaseOnce(board.BootTuned);

            if (stopping.IsCancellationRequested)
            {
                // Stopping before the server has started: StopAsync closes the sockets.
                return;
            }

            await app.StartAsync(CancellationToken.None).ConfigureAwait(false);
            _app = app;
            app = null;
        }
        catch (Exception e)
        {
            // The boundary of a background task: nothing above it would see the exception.
            if (_api is not null)
            {
                ApiHostLog.CannotListen(_logger, e.Message);
                exit.Fail(ExitCodes.InvalidInput);
                lifetime.StopApplication();
            }
            else
            {
                MetricsLog.ListenFailed(_logger, _metrics!.Addresses, e.Message);
            }
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The smallest ASP.NET Core host there is: the empty builder (no configuration sources, no IIS, no HTTPS
    /// redirection), Kestrel's core, the daemon's logger factory (so the daemon's log filters apply), routing only
    /// when the API is served.
    /// </summary>
    private WebApplication Build()
    {
        var api = _apiSockets is null ? null : _api;
        var metrics = _metricsSockets.Count == 0 ? null : _metrics;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "nictune" });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, InnerHostLifetime>();
        var apiLogger = loggerFactory.CreateLogger(typeof(ApiServer));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            ConnectionLimits.Apply(kestrel.Limits);
            if (metrics is not null)
            {
                MetricsListeners.Configure(kestrel, _metricsSockets, loggerFactory.CreateLogger(typeof(MetricsListeners)));
            }

            if (api is not null)
            {
                ApiListeners.Configure(kestrel, api.Listeners, _apiSockets!, api.Serving.Value.Policy, apiLogger);
            }
        });
        if (api is not null)
        {
            var serving = api.Serving.Value;
            ApiServer.AddServices(builder.Services, api.Listeners, serving.Policy, serving.Backend, serving.CallMetrics);
        }

        var app = builder.Build();
        if (metrics is not null)
        {
            app.Use(MetricsListeners.Branch(metrics.Endpoint.Value));
        }

        if (api is not null)
        {
            ApiServer.UseRouting(app);
            _health = ApiServer.Map(app);
        }

        return app;
    }

    /// <summary>Says what listens: from here on a client's connection is queued, and answered once Kestrel has started.</summary>
    private void Announce()
    {
        if (_metricsSockets.Count > 0)
        {
            MetricsLog.Listening(_logger, _metrics!.Addresses, MetricsEndpoint.Path);
        }

        if (_apiSockets is not null)
        {
            foreach (var endpoint in ApiListeners.Describe(_api!.Listeners))
            {
                ApiLog.Listening(_logger, endpoint);
            }
        }
    }

    /// <summary>
    /// Health says NOT_SERVING (set by <see cref="ApiServer.Map"/>) until the boot tune is done, SERVING after; set
    /// before Kestrel starts, so a call it accepts after the boot tune never sees NOT_SERVING.
    /// </summary>
    private void ServeHealthOnceBootTuned(Task bootTuned)
    {
        var health = _health!;
        if (bootTuned.IsCompletedSuccessfully)
        {
            ApiServer.SetHealth(health, HealthCheckResponse.Types.ServingStatus.Serving);
            return;
        }

        _ = bootTuned.ContinueWith(
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

    private void CloseSockets()
    {
        _apiSockets?.Dispose();
        foreach (var socket in _metricsSockets)
        {
            socket.Dispose();
        }
    }
}

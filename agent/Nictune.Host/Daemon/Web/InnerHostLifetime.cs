using Microsoft.Extensions.Hosting;

namespace Nictune.Host.Daemon.Web;

/// <summary>
/// The web application's lifetime: none of its own. It runs inside the daemon's host, which owns the process's
/// signals and starts and stops it (<see cref="DaemonWebServer"/>). The default console lifetime would also handle
/// SIGTERM, and cancel a start still in progress (the web application is started in the background) before the
/// daemon's stop had asked for it.
/// </summary>
internal sealed class InnerHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

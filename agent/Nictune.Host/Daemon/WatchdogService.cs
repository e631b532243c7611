using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nictune.Host.Daemon;

/// <summary>WATCHDOG=1 at half of WATCHDOG_USEC, registered only when systemd armed a watchdog for this process.</summary>
public sealed class WatchdogService(DaemonEnvironment environment, ILogger<WatchdogService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (environment.WatchdogInterval is not { } interval || !environment.Notifier.IsEnabled)
        {
            return;
        }

        AgentLog.WatchdogArmed(logger, (long)interval.TotalMilliseconds);
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                environment.Notifier.TryNotify(SystemdMessages.Watchdog, logger);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: systemd stops expecting keep-alives once STOPPING=1 arrives.
        }
    }
}

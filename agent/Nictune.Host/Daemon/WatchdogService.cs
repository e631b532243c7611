using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nictune.Linux.Systemd;

namespace Nictune.Host.Daemon;

/// <summary>WATCHDOG=1 at half of WATCHDOG_USEC, registered only when systemd armed a watchdog for this process.</summary>
public sealed class WatchdogService(DaemonEnvironment environment, ILogger<WatchdogService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (environment.WatchdogInterval is not { } interval || !environment.Notify.IsEnabled)
        {
            return;
        }

        AgentLog.WatchdogArmed(logger, (long)interval.TotalMilliseconds);
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                if (!environment.Notify.Watchdog())
                {
                    AgentLog.NotifyFailed(logger, SdNotifyMessage.Watchdog, environment.Notify.SocketAddress!);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: systemd stops expecting keep-alives once STOPPING=1 arrives.
        }
    }
}

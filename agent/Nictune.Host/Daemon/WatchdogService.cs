using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nictune.Host.Daemon;

/// <summary>
/// WATCHDOG=1 at half of WATCHDOG_USEC, registered only when systemd armed a watchdog for this process, and only while
/// the work loop proves alive (<see cref="LoopHeartbeat"/>: idle, or in a pass shorter than its bound). A pass hung in
/// an ioctl therefore stops the keep-alives, and WatchdogSec fires.
/// </summary>
public sealed class WatchdogService(DaemonEnvironment environment, LoopHeartbeat heartbeat, ILogger<WatchdogService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (environment.WatchdogInterval is not { } interval || !environment.Notifier.IsEnabled)
        {
            return;
        }

        AgentLog.WatchdogArmed(logger, (long)interval.TotalMilliseconds);
        using var timer = new PeriodicTimer(interval);
        var withheld = false;
        try
        {
            do
            {
                if (heartbeat.IsAlive())
                {
                    withheld = false;
                    environment.Notifier.TryNotify(SystemdMessages.Watchdog, logger);
                }
                else if (!withheld)
                {
                    withheld = true;
                    AgentLog.WatchdogWithheld(logger, (long)heartbeat.MaxPass.TotalSeconds);
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

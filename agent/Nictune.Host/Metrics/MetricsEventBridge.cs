using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;
using Nictune.Host.Daemon.Web;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Metrics;

/// <summary>
/// Turns the daemon's event stream into the tuning counters: transactions by verb and result with their
/// durations, drift by outcome, link resets, rollbacks and recovered journals. It starts once the boot tune is done
/// (or has had <see cref="DaemonWebServer.BootTuneHeadStart"/>), so that the metrics are built off READY=1's path, and
/// subscribes from the first retained event, so what happened before (the boot tune) is counted too, as far as the
/// event ring holds it (<c>api.events-buffer</c>; a boot tune's events are a few per drifted setting). A reader this
/// simple never falls behind.
/// </summary>
internal sealed class MetricsEventBridge(AgentEventFeed feed, AgentStatusBoard board, Func<TuningMetrics> createMetrics, ILogger logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await DaemonWebServer.BootTunedOrHeadStart(board, stoppingToken).ConfigureAwait(false);
        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var metrics = createMetrics();
        long seen = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var subscription = feed.Subscribe(since: seen, buffer: AgentEventFeed.DefaultCapacity);
            try
            {
                await foreach (var e in subscription.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    Record(metrics, e);
                    seen = e.Sequence;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SlowSubscriberException e)
            {
                // Dropped for falling behind (the machine stalled us): pick up where we were; what the ring no
                // longer holds is lost to the counters, never to the agent.
                MetricsLog.EventsMissed(logger, e.Message);
            }
        }
    }

    /// <summary>One event's effect on the counters.</summary>
    internal static void Record(TuningMetrics metrics, AgentEvent e)
    {
        switch (e.Data)
        {
            case TransactionFinished finished:
                metrics.TransactionCompleted(finished.Verb, finished.Result, finished.Duration, e.Timestamp);
                foreach (var device in finished.LinkResets ?? [])
                {
                    metrics.LinkReset(device);
                }

                if (finished.Verb == TransactionVerbs.Recovery)
                {
                    metrics.JournalRecovered();
                }

                if (finished.Result is TransactionOutcome.FailedRolledBack or TransactionOutcome.RollbackFailed or TransactionOutcome.GuardReverted
                    || (finished.Verb is TransactionVerbs.RollbackBaseline or TransactionVerbs.RollbackPrevious && finished.Result == TransactionOutcome.Succeeded))
                {
                    metrics.RolledBack();
                }

                break;
            case DriftDetected detected:
                metrics.DriftObserved(detected.Outcome);
                break;
            case DriftCorrected corrected:
                metrics.DriftObserved(corrected.Outcome);
                break;
            case UnconfirmedReverted:
                metrics.UnconfirmedReverted();
                break;
            case AdaptiveSuggested suggested:
                metrics.AdaptiveSuggested(suggested.Device);
                break;
            case AdaptiveChanged changed:
                metrics.AdaptiveChanged(changed.Device, changed.Result);
                break;
            case GuardFailed failed:
                metrics.GuardFailed(failed.Evidence.Check);
                break;
        }
    }
}

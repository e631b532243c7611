using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Nictune.Host.Daemon.Configuration;
using Nictune.Linux.Netlink;
using Nictune.Linux.Procfs;
using Nictune.Linux.State;

namespace Nictune.Host.Daemon;

/// <summary>
/// The daemon's one loop. Boot tune → READY=1; then reconcile on link events (a burst debounced into one call),
/// on every drift interval, and reload on SIGHUP. Stop (SIGTERM, via the host) lets the in-flight call finish,
/// then sends STOPPING=1 and calls <see cref="IAgentTuner.OnStopAsync"/>. Idle, it waits on a channel: no polling.
/// </summary>
public sealed class AgentService : BackgroundService
{
    /// <summary>Quiet time after a link event before reconciling: `ip link add` of a veth pair is several events.</summary>
    internal static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);

    /// <summary>A storm of events still reconciles at least this often.</summary>
    internal static readonly TimeSpan MaxDebounce = TimeSpan.FromSeconds(2);

    private readonly IAgentTuner _tuner;
    private readonly AgentSettingsSource _settings;
    private readonly ILinkEventSource _links;
    private readonly ISystemdNotifier _notifier;
    private readonly AgentExit _exit;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<AgentService> _logger;
    private readonly Channel<Trigger> _triggers = Channel.CreateUnbounded<Trigger>(new UnboundedChannelOptions { SingleReader = true });

    // Guards every tuner call, so a stop (or a future API call) never overlaps one.
    private readonly SemaphoreSlim _work = new(1, 1);

    // Cancelled only when the host's stop deadline expires: stopping itself lets in-flight work finish.
    private readonly CancellationTokenSource _abortWork = new();
    private PeriodicTimer? _driftTimer;
    private int _driftQueued;

    public AgentService(
        IAgentTuner tuner,
        AgentSettingsSource settings,
        ILinkEventSource links,
        DaemonEnvironment environment,
        AgentExit exit,
        IHostApplicationLifetime lifetime,
        ILogger<AgentService> logger)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _tuner = tuner;
        _settings = settings;
        _links = links;
        _notifier = environment.Notifier;
        _exit = exit;
        _lifetime = lifetime;
        _logger = logger;
    }

    private enum TriggerKind
    {
        Link,
        Drift,
        Reload,
    }

    /// <summary>What SIGHUP does: queue a configuration reload.</summary>
    public void RequestReload() => _triggers.Writer.TryWrite(new Trigger(TriggerKind.Reload, null));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        await using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abortWork).ConfigureAwait(false))
        {
            // Cancels the loop (no new work) and waits for it, including the call in flight, or the deadline.
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
            var acquired = false;
            try
            {
                await _work.WaitAsync(cancellationToken).ConfigureAwait(false);
                acquired = true;
            }
            catch (OperationCanceledException)
            {
                AgentLog.StopDeadlineExpired(_logger);
            }

            try
            {
                AgentLog.Stopping(_logger, waited.ElapsedMilliseconds);
                Notify(ServiceState.Stopping);
                await _tuner.OnStopAsync(_settings.Current, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AgentLog.OnStopFailed(_logger, e);
                _exit.Fail(ExitCodes.FailedRolledBack);
            }
            finally
            {
                if (acquired)
                {
                    _work.Release();
                }
            }
        }
    }

    public override void Dispose()
    {
        _driftTimer?.Dispose();
        _work.Dispose();
        _abortWork.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The STATUS= text after a tune, as `systemctl status nictune` shows it.</summary>
    internal static string FormatStatus(TuneSummary summary, AgentSettings settings)
    {
        var verb = settings.Mode == AgentMode.Observe ? "observing" : "tuned";
        var failed = summary.SettingsFailed > 0 ? $", {summary.SettingsFailed} failed" : string.Empty;
        var changed = settings.Mode == AgentMode.Observe ? "would change" : "changed";
        return $"{verb} {summary.Interfaces} interface(s) with profile {summary.Profile}: {summary.SettingsChanged} setting(s) {changed}{failed}";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Registered before the boot tune, so a SIGHUP during it is queued rather than killing the process.
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            RequestReload();
        });

        var settings = _settings.Current;
        AgentLog.Starting(_logger, settings.Profile, settings.Mode.ToString(), AgentDuration.Format(settings.DriftInterval), settings.ConfigFile ?? "(defaults)");
        TuneSummary summary;
        await _work.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            summary = await _tuner.TuneAtBootAsync(settings, _abortWork.Token).ConfigureAwait(false);
        }
        catch (StateDirectoryBusyException e)
        {
            // Another writer (an agent, a tuning verb) kept the state directory for the whole wait: nothing was changed.
            AgentLog.StateDirectoryBusy(_logger, e.Message);
            _exit.Fail(ExitCodes.InvalidInput);
            _lifetime.StopApplication();
            return;
        }
        catch (Exception e)
        {
            AgentLog.BootTuneFailed(_logger, e);
            _exit.Fail(ExitCodes.FailedRolledBack);
            _lifetime.StopApplication();
            return;
        }
        finally
        {
            _work.Release();
        }

        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var status = FormatStatus(summary, settings);
        Notify(SystemdMessages.Ready(status));
        AgentLog.BootTuneDone(_logger, status, (long)(ProcessClock.SinceExec() ?? TimeSpan.Zero).TotalMilliseconds);

        _driftTimer = new PeriodicTimer(settings.DriftInterval);
        var pump = PumpLinkEventsAsync(stoppingToken);
        var drift = TickDriftAsync(_driftTimer, stoppingToken);
        try
        {
            await ConsumeAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync takes it from here.
        }

        _driftTimer.Dispose();
        await Task.WhenAll(pump, drift).ConfigureAwait(false);
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        var reader = _triggers.Reader;
        while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!reader.TryRead(out var trigger))
            {
                continue;
            }

            switch (trigger.Kind)
            {
                case TriggerKind.Link:
                    var batch = await CollectBurstAsync(trigger.Link!, stoppingToken).ConfigureAwait(false);
                    await ReconcileAsync(ReconcileReason.ForLinks(batch)).ConfigureAwait(false);
                    break;
                case TriggerKind.Drift:
                    Volatile.Write(ref _driftQueued, 0);
                    await ReconcileAsync(ReconcileReason.Drift).ConfigureAwait(false);
                    break;
                case TriggerKind.Reload:
                    await ReloadAsync().ConfigureAwait(false);
                    break;
            }

            stoppingToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Link events until <see cref="Debounce"/> passes quietly (or <see cref="MaxDebounce"/> in all).</summary>
    private async Task<List<LinkEvent>> CollectBurstAsync(LinkEvent first, CancellationToken stoppingToken)
    {
        var batch = new List<LinkEvent> { first };
        var reader = _triggers.Reader;
        var burst = Stopwatch.StartNew();
        while (true)
        {
            while (reader.TryPeek(out var next) && next.Kind == TriggerKind.Link)
            {
                reader.TryRead(out _);
                batch.Add(next.Link!);
            }

            var wait = Debounce < MaxDebounce - burst.Elapsed ? Debounce : MaxDebounce - burst.Elapsed;
            if (wait <= TimeSpan.Zero || reader.TryPeek(out _))
            {
                // Out of time, or a drift tick or reload is waiting: reconcile what we have now.
                return batch;
            }

            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            quiet.CancelAfter(wait);
            try
            {
                await reader.WaitToReadAsync(quiet.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return batch;
            }
        }
    }

    private async Task ReconcileAsync(ReconcileReason reason)
    {
        AgentLog.Reconciling(_logger, reason.Trigger, Describe(reason.LinkEvents));
        await _work.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await _tuner.ReconcileAsync(reason, _abortWork.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_abortWork.IsCancellationRequested)
        {
            AgentLog.ReconcileFailed(_logger, reason.Trigger, e);
        }
        finally
        {
            _work.Release();
        }
    }

    private async Task ReloadAsync()
    {
        AgentLog.ReloadRequested(_logger);
        AgentSettings settings;
        try
        {
            settings = _settings.Read();
        }
        catch (AgentConfigException e)
        {
            AgentLog.ReloadRejected(_logger, e.Message);
            Notify(SystemdMessages.Status("reload rejected: the configuration file is invalid; see the journal"));
            return;
        }

        Notify(SystemdMessages.Reloading());
        await _work.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var summary = await _tuner.ReloadAsync(settings, _abortWork.Token).ConfigureAwait(false);

            // Only settings the tuner accepted are put in force: on-stop and the drift interval must match what it runs.
            _settings.Commit(settings);
            if (_driftTimer is not null)
            {
                _driftTimer.Period = settings.DriftInterval;
            }

            var status = FormatStatus(summary, settings);
            AgentLog.Reloaded(_logger, status);
            Notify(SystemdMessages.Ready(status));
        }
        catch (Exception e) when (e is not OperationCanceledException || !_abortWork.IsCancellationRequested)
        {
            AgentLog.ReloadFailed(_logger, e);
            Notify(SystemdMessages.Ready("reload failed; the previous configuration stays in force; see the journal"));
        }
        finally
        {
            _work.Release();
        }
    }

    private async Task PumpLinkEventsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var linkEvent in _links.ReadEventsAsync(stoppingToken).ConfigureAwait(false))
            {
                _triggers.Writer.TryWrite(new Trigger(TriggerKind.Link, linkEvent));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            AgentLog.LinkMonitorFailed(_logger, e);
        }
    }

    private async Task TickDriftAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                // One queued drift check is enough: a slow reconcile must not let ticks pile up.
                if (Interlocked.Exchange(ref _driftQueued, 1) == 0)
                {
                    _triggers.Writer.TryWrite(new Trigger(TriggerKind.Drift, null));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    // Ours, not SystemdLifetime's: it sends a bare READY=1 when the host has started, which is before the boot tune
    // ends (the unit's Before=network-pre.target relies on READY meaning "NICs tuned"), and it has no RELOADING.
    private void Notify(ServiceState state) => _notifier.TryNotify(state, _logger);

    private static string Describe(IReadOnlyList<LinkEvent> events)
    {
        if (events.Count == 0)
        {
            return "periodic drift check";
        }

        var shown = events.Take(8).Select(e => e.Kind switch
        {
            LinkEventKind.Resync => "resync",
            _ when e.IsRename => $"{e.OldName}→{e.Name}",
            _ => $"{e.Kind.ToString().ToLowerInvariant()} {e.Name ?? "#" + e.IfIndex}",
        });
        return string.Join(", ", shown) + (events.Count > 8 ? $" and {events.Count - 8} more" : string.Empty);
    }

    private readonly record struct Trigger(TriggerKind Kind, LinkEvent? Link);
}

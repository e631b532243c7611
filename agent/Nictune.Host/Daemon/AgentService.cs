using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;
using Nictune.Linux.Netlink;
using Nictune.Linux.Procfs;
using Nictune.Linux.State;

namespace Nictune.Host.Daemon;

/// <summary>
/// The daemon's one work loop. Boot tune → READY=1; then, one at a time from <see cref="AgentWorkQueue"/>: reloads
/// (SIGHUP or the API), requests posted through <see cref="IAgentControl"/>, and reconcile passes for link events and
/// drift ticks (coalesced into one pending pass). Stop (SIGTERM, via the host) lets the work in flight finish, then
/// sends STOPPING=1 and calls <see cref="IAgentTuner.OnStopAsync"/>, never while a transaction runs. Idle, it waits:
/// no polling.
/// </summary>
public sealed class AgentService : BackgroundService
{
    private readonly IAgentTuner _tuner;
    private readonly AgentSettingsSource _settings;
    private readonly ILinkEventSource _links;
    private readonly ISystemdNotifier _notifier;
    private readonly AgentExit _exit;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly AgentStatusBoard _board;
    private readonly LoopHeartbeat _heartbeat;
    private readonly ILogger<AgentService> _logger;
    private readonly ConfirmationWindow _confirmations;
    private readonly AgentWorkQueue _queue = new();

    // Held by every tuner call, so that the stop step never overlaps one.
    private readonly SemaphoreSlim _work = new(1, 1);
    private PeriodicTimer? _driftTimer;
    private PeriodicTimer? _adaptTimer;

    /// <summary>The link monitor is delivering events: passes may keep interface facts between them (<see cref="ReconcileReason.LinksWatched"/>).</summary>
    private volatile bool _linksWatched;

    public AgentService(
        IAgentTuner tuner,
        AgentSettingsSource settings,
        ILinkEventSource links,
        DaemonEnvironment environment,
        AgentExit exit,
        IHostApplicationLifetime lifetime,
        AgentStatusBoard board,
        LoopHeartbeat heartbeat,
        ILogger<AgentService> logger)
    {
        _confirmations = new ConfirmationWindow(tuner, settings, board, logger);
        ArgumentNullException.ThrowIfNull(environment);
        _tuner = tuner;
        _settings = settings;
        _links = links;
        _notifier = environment.Notifier;
        _exit = exit;
        _lifetime = lifetime;
        _board = board;
        _heartbeat = heartbeat;
        _logger = logger;
    }

    internal AgentWorkQueue Queue => _queue;

    /// <summary>The change pending confirmation, if any, and its deadline's revert.</summary>
    internal ConfirmationWindow Confirmations => _confirmations;

    /// <summary>What SIGHUP does: a reload, pending until the loop's turn (several SIGHUPs are one reload).</summary>
    public void RequestReload() => _queue.PostReload();

    /// <summary>After the stop deadline, how long an interrupted transaction gets to finish its rollback.</summary>
    internal static readonly TimeSpan RollbackGrace = TimeSpan.FromSeconds(5);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();

        // At the deadline, a transaction still running is cut short at its next write and rolled back.
        await using var deadline = cancellationToken.Register(static tuner => ((IAgentTuner)tuner!).InterruptTransaction(), _tuner).ConfigureAwait(false);

        // Cancels the loop (no new work) and waits for it, including the work in flight, or the deadline.
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var request in _queue.Close())
        {
            request.Fail(new AgentUnavailableException("the agent is stopping; nothing was done"));
        }

        // Past the deadline, the interrupted transaction gets a short grace to finish its rollback; a pass hung in the
        // kernel does not, and then the stop step is skipped rather than run beside it.
        bool acquired;
        try
        {
            await _work.WaitAsync(cancellationToken).ConfigureAwait(false);
            acquired = true;
        }
        catch (OperationCanceledException)
        {
            acquired = await _work.WaitAsync(RollbackGrace, CancellationToken.None).ConfigureAwait(false);
        }

        AgentLog.Stopping(_logger, waited.ElapsedMilliseconds);
        Notify(ServiceState.Stopping);
        if (!acquired)
        {
            // The deadline passed with a transaction still running: the stop step must not run beside it.
            AgentLog.StopDeadlineExpired(_logger);
            return;
        }

        try
        {
            await _tuner.OnStopAsync(_settings.Current, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            AgentLog.OnStopFailed(_logger, e);
            _exit.Fail(ExitCodes.FailedRolledBack);
        }
        finally
        {
            _work.Release();
        }
    }

    public override void Dispose()
    {
        _driftTimer?.Dispose();
        _confirmations.Dispose();
        _work.Dispose();
        _queue.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The STATUS= text after a tune, as `systemctl status nictune` shows it.</summary>
    internal static string FormatStatus(TuneSummary summary, AgentSettings settings)
    {
        if (summary.Profile is null)
        {
            return "enforcing nothing: rolled back through the agent (a reload, a push or an apply resumes), or the pushed profile cannot be used (a push or an unpush fixes it; see the conditions)";
        }

        var verb = settings.Mode == AgentMode.Observe ? "observing" : "tuned";
        var failed = (summary.SettingsFailed > 0 ? $", {summary.SettingsFailed} failed" : string.Empty)
            + (summary.SettingsSetAside > 0 ? $", {summary.SettingsSetAside} set aside (refused by the kernel or failed the health guard)" : string.Empty)
            + (summary.Transaction is { Outcome: TransactionOutcome.GuardReverted, Guard: { } guard } ? $"; reverted by the health guard: {string.Join("; ", guard)}" : string.Empty);
        var changed = settings.Mode == AgentMode.Observe ? "would change" : "changed";
        return $"{verb} {summary.Interfaces} interface(s) with profile {summary.Profile}: {summary.SettingsChanged} setting(s) {changed}{failed}";
    }

    /// <summary>A reload: from SIGHUP, or posted by <see cref="IAgentControl.ReloadAsync"/>, which gets the result.</summary>
    internal async Task<ReloadResult> ReloadAsync()
    {
        AgentLog.ReloadRequested(_logger);
        if (_confirmations.Refusal("reload") is { } refusal)
        {
            // A reload would re-plan over the change that waits for its confirmation, from SIGHUP as from the API.
            _board.Publish(new Reloaded(false, _board.Snapshot().Profile, refusal));
            return new ReloadResult(false, null, refusal);
        }

        AgentSettings settings;
        try
        {
            settings = _settings.Read();
        }
        catch (AgentConfigException e)
        {
            _board.Publish(new Reloaded(false, _board.Snapshot().Profile, e.Message));
            Notify(SystemdMessages.Status("reload rejected: the configuration file is invalid; see the journal"));
            return new ReloadResult(false, null, e.Message);
        }

        Notify(SystemdMessages.Reloading());
        try
        {
            var summary = await _tuner.ReloadAsync(settings, CancellationToken.None).ConfigureAwait(false);

            // Only settings the tuner accepted are put in force: on-stop and the drift interval must match what it runs.
            _settings.Commit(settings);
            if (_driftTimer is not null)
            {
                _driftTimer.Period = settings.DriftInterval;
            }

            if (_adaptTimer is not null)
            {
                _adaptTimer.Period = settings.Adaptive.SampleInterval;
            }

            var status = FormatStatus(summary, settings);
            _board.Publish(new Reloaded(true, summary.Profile, status));
            Notify(SystemdMessages.Ready(status));
            return new ReloadResult(true, summary, null);
        }
        catch (Exception e)
        {
            AgentLog.ReloadFailed(_logger, e);

            // A profile that does not exist or does not validate is a problem of the file's profile key, said as at start.
            var problem = e is ProfileException ? $"{settings.ConfigFile ?? "configuration"}: profile: {e.Message}" : e.Message;
            _board.Publish(new Reloaded(false, _board.Snapshot().Profile, problem));
            Notify(SystemdMessages.Ready("reload failed; the previous configuration stays in force; see the journal"));
            return new ReloadResult(false, null, problem);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start path: the boot tune runs on the service's own task.
        await Task.Yield();

        // Registered before the boot tune, so a SIGHUP during it is kept for later rather than killing the process.
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            RequestReload();
        });

        if (stoppingToken.IsCancellationRequested)
        {
            // Stopped before it started (the API's socket could not be bound): nothing is tuned.
            return;
        }

        var settings = _settings.Current;
        AgentLog.Starting(_logger, settings.Profile, settings.Mode.ToString(), AgentDuration.Format(settings.DriftInterval), settings.ConfigFile ?? "(defaults)");
        if (await BootAsync(settings).ConfigureAwait(false) is not { } summary || stoppingToken.IsCancellationRequested)
        {
            return;
        }

        // READY=1 also waits for the host to have started every service: the API's and the metrics' sockets, bound
        // before the boot tune, listen. It does not wait for the web server (built once the boot tune is done, or
        // after DaemonWebServer.BootTuneHeadStart): a client's connection waits in the backlog until it accepts.
        if (!await StartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            _confirmations.Start(_queue.PostDeadline);
        }
        catch (StateStoreException e)
        {
            // Read by the boot tune already: it changed since. Stop rather than forget a change that must be reverted.
            AgentLog.StateFileInvalid(_logger, e.Message);
            Stop(ExitCodes.InvalidInput);
            return;
        }

        var status = FormatStatus(summary, settings);
        _board.BootTuneDone();
        Notify(SystemdMessages.Ready(status));
        AgentLog.BootTuneDone(_logger, status, (long)(ProcessClock.SinceExec() ?? TimeSpan.Zero).TotalMilliseconds);

        _driftTimer = new PeriodicTimer(settings.DriftInterval);
        _adaptTimer = new PeriodicTimer(settings.Adaptive.SampleInterval);
        // The monitor's socket was subscribed before the boot tune (it is built with this service), so no event since is missed.
        _linksWatched = _links is not NoLinkEvents;
        var pump = PumpLinkEventsAsync(stoppingToken);
        var drift = TickDriftAsync(_driftTimer, stoppingToken);
        var adapt = TickAsync(_adaptTimer, _queue.PostAdapt, stoppingToken);
        try
        {
            while (true)
            {
                var work = await _queue.NextAsync(stoppingToken).ConfigureAwait(false);
                await RunAsync(work).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync takes it from here.
        }

        _driftTimer.Dispose();
        _adaptTimer.Dispose();
        await Task.WhenAll(pump, drift, adapt).ConfigureAwait(false);
    }

    /// <summary>Waits until the host has started every service; false when it is stopping instead.</summary>
    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = _lifetime.ApplicationStarted.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), started);
        try
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The boot tune; null when the daemon must stop (the exit code is set).</summary>
    private async Task<TuneSummary?> BootAsync(AgentSettings settings)
    {
        TuneSummary summary;
        await _work.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _heartbeat.Busy();
        try
        {
            summary = await _tuner.TuneAtBootAsync(settings, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StateDirectoryBusyException e)
        {
            // Another writer (an agent, a tuning verb) kept the state directory for the whole wait: nothing was changed.
            AgentLog.StateDirectoryBusy(_logger, e.Message);
            return Stop(ExitCodes.InvalidInput);
        }
        catch (StateStoreException e)
        {
            // An untrusted or invalid state file, or a state write refused before the first change (no space): nothing
            // was written (docs/state.md says how to get out: 'nictune state check --move-aside'). A state write that
            // fails after kernel writes never gets here: the transaction rolls back and reports it.
            AgentLog.StateFileInvalid(_logger, e.Message);
            return Stop(ExitCodes.InvalidInput);
        }
        catch (Exception e)
        {
            AgentLog.BootTuneFailed(_logger, e);
            return Stop(ExitCodes.FailedRolledBack);
        }
        finally
        {
            _heartbeat.Idle();
            _work.Release();
        }

        if (summary.RollbackFailed)
        {
            // The boot transaction failed and so did its undo: settings are left changed (each was logged with the
            // value it holds and its original). Not READY: systemd sees the start fail, and the exit code says why.
            AgentLog.BootRollbackFailed(_logger, summary.Transaction!.Message);
            return Stop(ExitCodes.RollbackFailed);
        }

        return summary;
    }

    private TuneSummary? Stop(int exitCode)
    {
        _exit.Fail(exitCode);

        // Not before the host has started: a stop requested while it still starts the other services (metrics, API)
        // makes its start throw, and then no service is stopped (no STOPPING=1, no on-stop).
        _lifetime.ApplicationStarted.Register(static lifetime => ((IHostApplicationLifetime)lifetime!).StopApplication(), _lifetime);
        return null;
    }

    private async Task RunAsync(AgentWork work)
    {
        await _work.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _heartbeat.Busy();
        try
        {
            switch (work.Kind)
            {
                case AgentWorkKind.ConfirmDeadline:
                    await _confirmations.RevertIfDueAsync().ConfigureAwait(false);
                    break;
                case AgentWorkKind.Reload:
                    await ReloadAsync().ConfigureAwait(false);
                    break;
                case AgentWorkKind.Request:
                    await work.Request!.RunAsync().ConfigureAwait(false);
                    break;
                case AgentWorkKind.Reconcile:
                    await ReconcileAsync(work.Reason!).ConfigureAwait(false);
                    break;
                case AgentWorkKind.Adapt:
                    await AdaptAsync().ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            _heartbeat.Idle();
            _work.Release();
        }
    }

    private async Task ReconcileAsync(ReconcileReason reason)
    {
        AgentLog.Reconciling(_logger, reason.Trigger, Describe(reason.LinkEvents));
        try
        {
            await _tuner.ReconcileAsync(reason with { LinksWatched = _linksWatched }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            AgentLog.ReconcileFailed(_logger, reason.Trigger, e);
        }
    }

    private async Task AdaptAsync()
    {
        try
        {
            await _tuner.AdaptAsync(otherWorkWaiting: _queue.PendingCount > 0, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            AgentLog.AdaptFailed(_logger, e);
        }
    }

    private async Task PumpLinkEventsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var linkEvent in _links.ReadEventsAsync(stoppingToken).ConfigureAwait(false))
            {
                _queue.PostLink(linkEvent);
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
        finally
        {
            // From here on a link may change unseen: every pass reads everything.
            _linksWatched = false;
        }
    }

    private async Task TickDriftAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                // One pending drift check is enough: a slow pass must not let ticks pile up.
                _queue.PostDrift();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static async Task TickAsync(PeriodicTimer timer, Action post, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                post();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

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
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Nictune.Core.Adaptive;
using Nictune.Core.Guard;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Status;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Host.Adaptive;
using Nictune.Host.Daemon;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;
using Nictune.Host.Output;
using Nictune.Linux.Guard;
using Nictune.Linux.IO;
using Nictune.Linux.Profiles;
using Nictune.Linux.State;
using Nictune.Protocol.Api;

namespace Nictune.Host.Tuning;

/// <summary>
/// The daemon's tuner: the transaction engine driven by the agent's configuration. Every pass is the same shape —
/// detect, plan the active profile against what the kernel holds now, apply only the rows that differ — so boot,
/// hot-plug, drift, reload and the API's calls differ only in what they report. It composes small pieces: the
/// configuration in force (<see cref="ActiveTuning"/>, built whole and swapped at once), the state directory's lock
/// (<see cref="WriterLease"/>), the memory between passes (<see cref="DriftLedger"/>), and the event stream and status
/// (<see cref="AgentStatusBoard"/>), which also writes the structured log. The work loop serializes calls.
/// </summary>
internal sealed class EngineTuner : IAgentTuner, IDisposable
{
    private readonly ILogger _logger;
    private readonly ProfileCatalog _catalog;
    private readonly SystemRoot _root;
    private readonly AgentStatusBoard _board;
    private readonly WriterLease _lease = new();
    private readonly DriftLedger _ledger = new();
    private readonly AdaptiveRings _adaptive;
    private readonly LinuxHealthObserver _observer;
    private ActiveTuning? _active;
    private CheckedProfile? _checked;

    // The last pass's plan and inventory: which rx rings the profile manages, for adaptive rings between passes.
    private (TuningPlan Plan, SystemInventory Inventory)? _lastPass;

    /// <param name="checkedProfile">The profile already loaded for the boot configuration, used once (see <see cref="CheckedProfile"/>).</param>
    public EngineTuner(ILogger<EngineTuner> logger, ProfileCatalog catalog, SystemRoot root, AgentStatusBoard board, AdaptiveRings adaptive, CheckedProfile? checkedProfile = null)
    {
        _logger = logger;
        _catalog = catalog;
        _root = root;
        _board = board;
        _adaptive = adaptive;
        _checked = checkedProfile;
        _observer = new LinuxHealthObserver(root);
    }

    private ActiveTuning Active => _active ?? throw new InvalidOperationException("the tuner has not been configured");

    public Task<TuneSummary> TuneAtBootAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        Configure(settings);
        if (settings.Mode == AgentMode.Observe && Active.Runtime.Engine.HasPendingJournal())
        {
            // Observe mode writes nothing, recovery included: a pending journal is only reported.
            TunerLog.JournalLeftInObserveMode(_logger, settings.StateDirectory);
        }

        if (settings.Mode == AgentMode.Enforce)
        {
            Tidy(settings.StateDirectory);
        }

        if (new FileStateStore(settings.StateDirectory).ReadPending() is { } pending)
        {
            // A change waits for its confirmation (a restart inside its window): the kernel holds it, and the boot tune
            // must neither overwrite it nor make it permanent. The confirmation or the revert decides what holds.
            ConfirmLog.PendingAtBoot(_logger, pending.TransactionId, pending.Deadline);
            Swap(Active with { Profile = null, Source = ProfileSource.None });
        }

        return Task.FromResult(Pass(initial: true));
    }

    public Task<TuneSummary> ReconcileAsync(ReconcileReason reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        foreach (var rename in reason.LinkEvents.Where(e => e.IsRename))
        {
            _board.Publish(new InterfaceRenamed(rename.OldName!, rename.Name!));
        }

        LinkEventInvalidation.Apply(Active.Runtime.Facts, reason);
        return Task.FromResult(Pass(initial: false, fromCache: reason.LinksWatched));
    }

    /// <summary>
    /// The new configuration is built whole first (a bad one changes nothing) and is in force for the reload's pass;
    /// when that pass throws, the previous configuration is put back, so that the tuner and the daemon (which commits
    /// the new settings only when this returns) never run different configurations.
    /// </summary>
    public Task<TuneSummary> ReloadAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        var previous = _active;
        var next = Build(settings);
        Swap(next);
        try
        {
            var summary = Pass(initial: true);
            Retire(previous, next);
            return Task.FromResult(summary);
        }
        catch
        {
            Revert(previous, next);
            throw;
        }
    }

    public Task<TuneSummary> ApplyProfileAsync(string profile, CancellationToken cancellationToken)
    {
        RequireEnforcing("apply a profile");
        var loaded = ProfileSelection.Load(Active.Settings.StateDirectory, profile, _catalog);
        Swap(Active with { Profile = loaded, Source = ProfileSource.Applied });
        return Task.FromResult(Pass(initial: true));
    }

    public Task<TuneSummary> RollbackAsync(RollbackTarget target, CancellationToken cancellationToken)
    {
        RequireEnforcing("roll back");
        RecoverPending();
        var verb = target == RollbackTarget.Baseline ? TransactionVerbs.RollbackBaseline : TransactionVerbs.RollbackPrevious;
        var result = Transaction(verb, null, () => Active.Runtime.Engine.Rollback(target, Inventory()));
        _board.Publish(new RolledBack(target, result.Outcome, result.Message));

        // Enforcing the profile again at the next drift tick would undo the rollback: enforce nothing until told.
        Swap(Active with { Profile = null, Source = ProfileSource.None });
        _lastPass = null;
        _adaptive.Publish(Active.Runtime.Engine.ReadOverlay());
        return Task.FromResult(new TuneSummary(null, 0, Changed(result), Failed(result), result));
    }

    public Task<TuneSummary> UndoAsync(string transactionId, bool reselect, CancellationToken cancellationToken)
    {
        RequireEnforcing("revert a change");
        RecoverPending();
        var result = Transaction(TransactionVerbs.RollbackPrevious, null, () => Active.Runtime.Engine.Undo(transactionId, Inventory()));

        // As after a rollback: enforcing the reverted profile again at the next drift tick would undo the revert. A
        // reverted push's store holds what it held before the push, and that is enforced again, as it was then.
        Swap(reselect ? Reselected() : Active with { Profile = null, Source = ProfileSource.None });
        _lastPass = null;
        return Task.FromResult(new TuneSummary(null, 0, Changed(result), Failed(result), result));
    }

    public Task<TuneSummary?> UsePushedProfileAsync(Core.Profiles.Profile profile, PushedStatus pushed, bool apply, CancellationToken cancellationToken)
    {
        Swap(Active with { Profile = profile, Source = ProfileSource.Pushed, Pushed = pushed });
        return Task.FromResult(apply ? Pass(initial: true) : null);
    }

    public Task<TuneSummary> UseConfiguredProfileAsync(PushedStatus pushed, CancellationToken cancellationToken)
    {
        var (profile, source, _) = ProfileSelection.Configured(Active.Settings.Profile, _catalog, pushed);
        Swap(Active with { Profile = profile, Source = source, Pushed = pushed });
        return Task.FromResult(Pass(initial: true));
    }

    public void InterruptTransaction() => Volatile.Read(ref _active)?.Runtime.Interruptible.Interrupt();

    /// <summary>
    /// Adaptive rings between passes: one sample and decision over the rx rings the last pass's plan manages; an
    /// Apply verdict runs as a guarded reconcile transaction of that one device's rows, planned with the grown value
    /// in the overlay (<see cref="AdaptiveGrowth"/>).
    /// </summary>
    public Task AdaptAsync(bool otherWorkWaiting, CancellationToken cancellationToken)
    {
        var active = Active;
        if (active.Profile is not { } profile || _lastPass is not { } last)
        {
            return Task.CompletedTask;
        }

        var (plan, inventory) = last;
        var engine = active.Runtime.Engine;
        var observe = active.Settings.Mode == AgentMode.Observe;
        var overlay = engine.ReadOverlay();
        if (_adaptive.Decide(plan, inventory, active.Runtime.Settings, new AdaptiveContext(observe, otherWorkWaiting), overlay) is not { } verdict
            || AdaptiveRings.EntryFor(verdict, plan, DateTimeOffset.UtcNow) is not { } entry)
        {
            return Task.CompletedTask;
        }

        RecoverPending();
        var all = active.Runtime.Detect();
        inventory = Allowed(all);
        var grown = overlay.With(entry);

        // As in a pass: the interfaces the globs exclude are not gone, so the baseline keeps their entries.
        var full = engine.Plan(profile, inventory, active.Runtime.ReadHostFacts(), grown) with { Present = PresentInterfaces.Of(all) };
        var device = full with { Rows = [.. full.Rows.Where(r => r.Key.Scope == SettingScope.Interface && r.Key.Target == verdict.Device)] };
        if (!device.Rows.Any(r => r.IsWrite && r.Key.Name == SettingNames.RingRx && r.Source == PlanRow.AdaptiveSource))
        {
            return Task.CompletedTask;
        }

        var description = $"adaptive: {verdict.Device} {AdaptiveVerdict.Setting} {verdict.Current} -> {verdict.Target} ({verdict.Rate})";
        var resetting = device.Rows.Where(r => r.IsWrite && r.ResetsLink).Select(r => r.Key).ToHashSet();
        var guard = new HealthGuard(active.Settings.Guard, _observer);
        var result = Transaction(TransactionVerbs.Reconcile, profile.Name, () => AdaptiveGrowth.Apply(guard, engine, device, inventory, description, grown, _logger), resetting);
        if (result.Outcome == TransactionOutcome.Succeeded)
        {
            overlay = grown;
            _lastPass = (full, inventory);
        }

        _adaptive.Completed(verdict, result, overlay);
        return Task.CompletedTask;
    }

    public Task OnStopAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (_active is null || settings.OnStop != OnStopAction.RestoreBaseline)
        {
            // Never configured (the start failed before the boot tune, e.g. on a busy state directory): nothing is ours to restore.
            return Task.CompletedTask;
        }

        if (settings.Mode == AgentMode.Observe)
        {
            TunerLog.NoRestoreInObserveMode(_logger);
            return Task.CompletedTask;
        }

        TunerLog.RestoringBaseline(_logger);
        RecoverPending();
        var result = Transaction(TransactionVerbs.RollbackBaseline, null, () => Active.Runtime.Engine.Rollback(RollbackTarget.Baseline, Inventory()));
        _board.Publish(new RolledBack(RollbackTarget.Baseline, result.Outcome, result.Message));
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _active?.Runtime.Dispose();
        _lease.Dispose();
        _adaptive.Dispose();
        _observer.Dispose();
    }

    /// <summary>
    /// Builds the whole configuration for <paramref name="settings"/> (profile read afresh, the state directory's lock
    /// when enforcing, its runtime) and swaps it in only when all of it succeeded: a bad reload leaves everything as it was.
    /// </summary>
    private void Configure(AgentSettings settings)
    {
        var previous = _active;
        var next = Build(settings);
        Swap(next);
        Retire(previous, next);
    }

    /// <summary>The start-up check's profile, for the configuration it was checked for and only once.</summary>
    private ProfileChoice? TakeChecked(AgentSettings settings)
    {
        var found = _checked;
        _checked = null;
        return found is not null && ReferenceEquals(found.Settings, settings) ? found.Choice : null;
    }

    /// <summary>
    /// Everything a configuration needs, without putting it in force: the profile read afresh, the state directory's
    /// lock when enforcing, and its runtime. A new state directory takes over the old one's baseline (the system is
    /// already tuned, so its first transaction would record tuned values as originals); it gets recovery at the start
    /// of its first pass, like every pass.
    /// </summary>
    private ActiveTuning Build(AgentSettings settings)
    {
        var (profile, source, pushed) = TakeChecked(settings) ?? ProfileSelection.Select(settings.StateDirectory, settings.Profile, _catalog);

        // One writer per state directory: enforcing holds its lock from here on (a busy one fails the start or the reload).
        _lease.Hold(settings);
        if (_active is { } current && current.Runtime.StateDirectory == settings.StateDirectory)
        {
            return new ActiveTuning(settings, profile, source, current.Runtime, pushed);
        }

        TuningRuntime? runtime = null;
        try
        {
            runtime = TuningRuntime.Open(_root, settings.StateDirectory);
            if (_active is { } old && settings.Mode == AgentMode.Enforce && runtime.Engine.AdoptBaseline(old.Runtime.Engine.ReadBaseline()) is > 0 and var adopted)
            {
                TunerLog.BaselineAdopted(_logger, adopted, old.Runtime.StateDirectory, settings.StateDirectory);
            }

            return new ActiveTuning(settings, profile, source, runtime, pushed);
        }
        catch
        {
            runtime?.Dispose();
            if (_active is { } inForce)
            {
                _lease.Hold(inForce.Settings);
            }

            throw;
        }
    }

    /// <summary>
    /// At start, holding the state directory's lock: the temporary files of writes a kill interrupted go, and a push
    /// interrupted after its commit is completed (what the store reads is the same before and after). A store that
    /// cannot be read is left as it is: the selection has already reported it.
    /// </summary>
    private void Tidy(string stateDirectory)
    {
        try
        {
            foreach (var file in new FileStateStore(stateDirectory).RemoveTemporaryFiles())
            {
                TunerLog.StateTidied(_logger, Path.Join(stateDirectory, file), "removed a temporary file left by an interrupted write");
            }

            foreach (var line in new PushedProfileStore(stateDirectory).Recover())
            {
                TunerLog.StateTidied(_logger, line, "recovered an interrupted push");
            }
        }
        catch (StateStoreException e)
        {
            TunerLog.StateNotTidied(_logger, e.Message);
        }
    }

    /// <summary>The new configuration is in force: the previous one's runtime goes, when it had its own.</summary>
    private static void Retire(ActiveTuning? previous, ActiveTuning next)
    {
        if (previous is not null && !ReferenceEquals(previous.Runtime, next.Runtime))
        {
            previous.Runtime.Dispose();
        }
    }

    /// <summary>The new configuration was not accepted: the previous one is put back, with its lock.</summary>
    private void Revert(ActiveTuning? previous, ActiveTuning next)
    {
        if (previous is null)
        {
            return;
        }

        if (!ReferenceEquals(previous.Runtime, next.Runtime))
        {
            next.Runtime.Dispose();
        }

        try
        {
            _lease.Hold(previous.Settings);
        }
        catch (StateDirectoryBusyException e)
        {
            TunerLog.LeaseNotRestored(_logger, previous.Settings.StateDirectory, e.Message);
        }

        Swap(previous);
    }

    /// <summary>
    /// The profile the pushed store and the running configuration select, as a start would, kept with what the store
    /// holds; nothing is enforced when the configured profile cannot be loaded (the load's problem is a reload's to report).
    /// </summary>
    private ActiveTuning Reselected()
    {
        var settings = Active.Settings;
        try
        {
            var (profile, source, pushed) = ProfileSelection.Select(settings.StateDirectory, settings.Profile, _catalog);
            return Active with { Profile = profile, Source = source, Pushed = pushed };
        }
        catch (ProfileException)
        {
            return Active with { Profile = null, Source = ProfileSource.None };
        }
    }

    private void Swap(ActiveTuning next)
    {
        if (_active?.Profile != next.Profile || _active?.Settings != next.Settings)
        {
            // A new profile or configuration: what the kernel refused before is tried again.
            _ledger.ForgetSetAside();
        }

        _adaptive.Configure(next.Settings.Adaptive, profileChanged: _active?.Profile != next.Profile);

        _active = next;
        _board.SetProfile(next.Profile, next.Source, next.Settings.Mode);

        // The pushed store as the selection read it: status, listings and the metrics' generation come from here.
        _board.SetPushed(next.Pushed);
    }

    private void RequireEnforcing(string what)
    {
        if (Active.Settings.Mode == AgentMode.Observe)
        {
            throw new ApiException(Grpc.Core.StatusCode.FailedPrecondition, $"the agent is in observe mode, which writes nothing: cannot {what}");
        }
    }

    /// <summary>
    /// One pass. <paramref name="initial"/> passes (boot, reload, apply) report changes as tuning, later ones as drift.
    /// <paramref name="fromCache"/>: the interfaces' static facts may come from the runtime's cache (a drift tick or a
    /// link change while link events are watched); otherwise everything is read afresh.
    /// </summary>
    private TuneSummary Pass(bool initial, bool retry = true, bool fromCache = false)
    {
        var active = Active;
        if (active.Profile is not { } profile)
        {
            // Enforcement suspended by a rollback: nothing to reconcile.
            _board.SetDrifted([]);
            return new TuneSummary(null, 0, 0, 0);
        }

        var observe = active.Settings.Mode == AgentMode.Observe;
        var seen = Observe(active, profile, initial, fromCache, observe);
        if (seen.Changes.Count == 0 || observe)
        {
            if (observe && seen.Changes.Count > 0 && (initial || seen.NewDrift.Count > 0))
            {
                TunerLog.Observed(_logger, seen.Changes.Count);
            }

            _board.SetDrifted([.. seen.Changes.Select(r => new DriftedSetting(Device(r.Key), r.Key.Name, r.Current, r.Desired))], _ledger.SetAside);
            if (!retry && !observe && seen.NotInForce.Count > 0)
            {
                // The retry after a pass that rolled back found the rest in force already: the answer is partial, and
                // so must be the last recorded transaction (status, history, metrics), not the rolled-back one.
                var kind = initial ? TransactionKind.Apply : TransactionKind.Reconcile;
                var partial = Transaction(initial ? TransactionVerbs.Apply : TransactionVerbs.Reconcile, profile.Name,
                    () => active.Runtime.Engine.RecordNotInForce(seen.Plan, kind, seen.NotInForce));
                return new TuneSummary(profile.Name, ManagedInterfaces(seen.Plan), 0, 0, partial, _ledger.SetAsideCount, seen.NotInForce);
            }

            return new TuneSummary(profile.Name, ManagedInterfaces(seen.Plan), seen.Changes.Count, 0, NotInForce: seen.NotInForce);
        }

        var (result, setAside) = Correct(active, profile.Name, seen, initial);

        // The pass met all of its permanent refusals at once and rolled back: apply the rest without them now, once,
        // rather than at the next tick. STATUS= and the answer are then the retry's, which is what the kernel holds.
        if (retry && setAside.Count > 0 && result.Outcome == TransactionOutcome.FailedRolledBack)
        {
            return Pass(initial, retry: false, fromCache);
        }

        _board.SetDrifted([.. result.Settings
            .Where(s => s.Status is not (SettingStatus.Applied or SettingStatus.Adjusted or SettingStatus.Unchanged or SettingStatus.Unsupported))
            .Select(s => new DriftedSetting(Device(s.Key), s.Key.Name, s.Actual ?? s.Original, s.Desired))], _ledger.SetAside);
        return new TuneSummary(profile.Name, ManagedInterfaces(seen.Plan), Changed(result), Failed(result), result, _ledger.SetAsideCount, seen.NotInForce);
    }

    /// <summary>
    /// A pass's first half: recover, detect, plan, compare with what the ledger knew (pruning the adaptive overlay of
    /// values whose rule no longer applies), and report what changed since the last pass; nothing is written to the kernel.
    /// </summary>
    private PassObservation Observe(ActiveTuning active, Profile profile, bool initial, bool fromCache, bool observe)
    {
        RecoverPending();
        var all = fromCache ? active.Runtime.DetectFromCache() : active.Runtime.Detect();
        var inventory = Allowed(all);

        // Planned without the interfaces the globs exclude, but they are not gone: the baseline keeps their entries.
        var planned = active.Runtime.Engine.Plan(profile, inventory, active.Runtime.ReadHostFacts()) with { Present = PresentInterfaces.Of(all) };
        var seen = _ledger.Observe(inventory, planned, initial);
        _lastPass = (seen.Plan, inventory);
        if (!observe)
        {
            // A profile change or push: overlay values whose rule no longer applies go (the plan already left them out).
            var overlay = active.Runtime.Engine.ReadOverlay();
            if (_adaptive.Prune(overlay, seen.Plan, inventory) is var pruned && !ReferenceEquals(pruned, overlay))
            {
                active.Runtime.Engine.WriteOverlay(pruned);
                _adaptive.Publish(pruned);
            }
        }

        foreach (var key in seen.NoLongerManaged)
        {
            TunerLog.NoLongerManaged(_logger, PlanTable.Target(key), key.Name);
        }

        foreach (var (nic, changes) in seen.Added)
        {
            _board.Publish(new InterfaceAdded(nic, changes));
        }

        foreach (var gone in seen.Removed)
        {
            _board.Publish(new InterfaceRemoved(gone));
        }

        foreach (var row in seen.NewDrift)
        {
            _board.Publish(new DriftDetected(Device(row.Key), row.Key.Name, row.Current, row.Desired, observe ? DriftOutcome.Reported : DriftOutcome.Correcting));
        }

        return seen;
    }

    /// <summary>
    /// A pass's second half in enforce mode: the plan's changes as one transaction (apply for an initial pass, the
    /// daemon's own reconcile otherwise), what the kernel refused for good set aside, and each drift's outcome published.
    /// </summary>
    private (TransactionResult Result, IReadOnlyList<SettingOutcome> SetAside) Correct(ActiveTuning active, string profile, PassObservation seen, bool initial)
    {
        var plan = seen.Plan;

        // Boot, reload and apply do what the operator configured; later passes are the daemon's own corrections.
        var verb = initial ? TransactionVerbs.Apply : TransactionVerbs.Reconcile;
        var resetting = plan.Rows.Where(r => r.IsWrite && r.ResetsLink).Select(r => r.Key).ToHashSet();
        var engine = active.Runtime.Engine;
        var guard = new HealthGuard(active.Settings.Guard, _observer);
        var result = Transaction(verb, profile, () => GuardedTransaction.Run(guard, engine, plan, _lastPass?.Inventory, () => initial ? engine.Apply(plan) : engine.Reconcile(plan), _logger), resetting, seen.NotInForce);
        var setAside = _ledger.Learn(result);
        foreach (var aside in setAside)
        {
            TunerLog.SetAside(_logger, aside.Key.ToString(), aside.Desired ?? "-");
        }

        foreach (var (row, value, outcome) in DriftLedger.Corrections(seen.NewDrift, result, setAside))
        {
            _board.Publish(new DriftCorrected(Device(row.Key), row.Key.Name, value, row.Desired, outcome));
        }

        return (result, setAside);
    }

    /// <summary>Runs one transaction between its started and finished events; a failed rollback also names each setting left changed.</summary>
    /// <param name="resetting">The plan's writes whose driver resets the link, so the finished event can name the interfaces reset.</param>
    /// <param name="notInForce">The profile's writes set aside before the plan was run: a transaction that otherwise
    /// succeeded left the profile not wholly in force (<see cref="TransactionOutcome.Partial"/>), and says so everywhere.</param>
    private TransactionResult Transaction(string verb, string? profile, Func<TransactionResult> run, IReadOnlySet<SettingKey>? resetting = null, IReadOnlyList<SettingOutcome>? notInForce = null)
    {
        _board.Publish(new TransactionStarted(verb, profile));
        var clock = Stopwatch.StartNew();
        TransactionResult result;
        using (Active.Runtime.Interruptible.Arm())
        {
            result = run().LeavingOut(notInForce ?? []);
        }

        Finished(verb, profile, result, clock.Elapsed, resetting);
        return result;
    }

    private void Finished(string verb, string? profile, TransactionResult result, TimeSpan duration, IReadOnlySet<SettingKey>? resetting = null)
    {
        var counts = result.Settings.GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count());

        var linkResets = resetting is null ? null : LinkResets(result, resetting);
        foreach (var evidence in result.Guard ?? [])
        {
            _board.Publish(new GuardFailed(result.Id, evidence));
        }

        _board.Publish(new TransactionFinished(verb, profile, result.Outcome, duration, counts, result.Message, result.Id, linkResets));
        foreach (var left in result.LeftChanged)
        {
            TunerLog.LeftChanged(_logger, left.Key.ToString(), left.Actual ?? "?", left.Original ?? "(none)");
        }
    }

    /// <summary>
    /// One entry per link reset the transaction caused: a device's ring sizes go in one request and its channel counts
    /// in another (<see cref="SettingNames.IsWrittenTogether"/>), each resetting the link once when written, and once
    /// more when undone.
    /// </summary>
    internal static List<string> LinkResets(TransactionResult result, IReadOnlySet<SettingKey> resetting)
    {
        var resets = new List<string>();
        foreach (var request in result.Settings.Where(s => resetting.Contains(s.Key)).GroupBy(s => (s.Key.Target, SettingNames.KindOf(s.Key.Name))))
        {
            if (request.Any(s => s.Status is SettingStatus.Applied or SettingStatus.Adjusted or SettingStatus.RolledBack or SettingStatus.RollbackFailed))
            {
                resets.Add(request.Key.Target);
            }

            if (request.Any(s => s.Status is SettingStatus.RolledBack or SettingStatus.RollbackFailed))
            {
                resets.Add(request.Key.Target);
            }
        }

        return resets;
    }

    /// <summary>
    /// A pass that died half-way (an I/O error on the state directory) leaves its journal: restore its originals
    /// before anything is planned, or the engine refuses the next transaction (<see cref="JournalPendingException"/>).
    /// Observe mode writes nothing, recovery included (a pending journal was reported at start).
    /// </summary>
    private void RecoverPending()
    {
        if (Active.Settings.Mode == AgentMode.Observe)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        if (Active.Runtime.Engine.Recover() is { } recovery)
        {
            Finished(TransactionVerbs.Recovery, null, recovery, clock.Elapsed);
        }
    }

    /// <summary>Detects, keeping only the interfaces the configuration's include/exclude globs allow.</summary>
    private SystemInventory Inventory() => Allowed(Active.Runtime.Detect());

    private SystemInventory Allowed(SystemInventory inventory) => Active.Settings.Interfaces.Apply(inventory);

    private static string? Device(SettingKey key) => key.Scope == SettingScope.Sysctl ? null : key.Target;

    /// <summary>Interfaces with at least one setting the profile manages on them: not lo, not the devices it leaves alone.</summary>
    private static int ManagedInterfaces(TuningPlan plan) => plan.Rows
        .Where(r => r.Key.Scope == SettingScope.Interface && r.Action != PlanAction.Unsupported)
        .Select(r => r.Key.Target)
        .Distinct(StringComparer.Ordinal)
        .Count();

    private static int Changed(TransactionResult result) =>
        result.Outcome is TransactionOutcome.Succeeded or TransactionOutcome.Partial ? result.Settings.Count(s => s.Status is SettingStatus.Applied or SettingStatus.Adjusted) : 0;

    private static int Failed(TransactionResult result) =>
        result.Settings.Count(s => s.Status is SettingStatus.Failed or SettingStatus.RollbackFailed);
}

using Microsoft.Extensions.Logging;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Host.Daemon;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Output;
using Nictune.Linux.IO;
using Nictune.Linux.Profiles;
using Nictune.Linux.State;

namespace Nictune.Host.Tuning;

/// <summary>
/// The daemon's tuner: the transaction engine driven by the agent's configuration. Every pass is the same shape —
/// detect, plan the active profile against what the kernel holds now, apply only the rows that differ — so boot,
/// hot-plug, drift and reload differ only in what they log. The daemon serializes calls, so no locking is needed.
/// </summary>
internal sealed class EngineTuner : IAgentTuner, IDisposable
{
    private readonly ILogger _logger;
    private readonly ProfileCatalog _catalog;
    private readonly SystemRoot _root;
    private readonly WriterLease _lease = new();
    private TuningRuntime? _runtime;
    private AgentSettings? _settings;
    private Profile? _profile;
    private HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>
    /// Differences already reported, with the value seen then. A setting left drifted (observe mode, or a correction
    /// the kernel refuses) is logged once, not at every drift tick; it is logged again only when its value moves.
    /// </summary>
    private Dictionary<SettingKey, string?> _reported = [];

    /// <summary>Settings the kernel refused for good, left out of later passes until a reload.</summary>
    private readonly SetAsideSettings _setAside = new();

    /// <summary>The settings the active profile manages (on interfaces still present), as of the last pass.</summary>
    private HashSet<SettingKey> _managed = [];

    public EngineTuner(ILogger<EngineTuner> logger, ProfileCatalog catalog, SystemRoot root)
    {
        _logger = logger;
        _catalog = catalog;
        _root = root;
    }

    public Task<TuneSummary> TuneAtBootAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        Configure(settings);
        if (settings.Mode == AgentMode.Observe)
        {
            // Observe mode writes nothing, recovery included: a pending journal is only reported.
            if (File.Exists(Path.Join(settings.StateDirectory, FileStateStore.JournalFile)))
            {
                TunerLog.JournalLeftInObserveMode(_logger, settings.StateDirectory);
            }
        }

        return Task.FromResult(Pass(initial: true));
    }

    public Task ReconcileAsync(ReconcileReason reason, CancellationToken cancellationToken)
    {
        Pass(initial: false);
        return Task.CompletedTask;
    }

    public Task<TuneSummary> ReloadAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        Configure(settings);
        return Task.FromResult(Pass(initial: true));
    }

    public Task OnStopAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        if (_runtime is null)
        {
            // Never configured (the start failed before the boot tune, e.g. on a busy state directory): nothing is ours to restore.
            return Task.CompletedTask;
        }

        if (settings.OnStop == OnStopAction.RestoreBaseline && settings.Mode == AgentMode.Observe)
        {
            TunerLog.NoRestoreInObserveMode(_logger);
        }
        else if (settings.OnStop == OnStopAction.RestoreBaseline)
        {
            TunerLog.RestoringBaseline(_logger);
            RecoverPending();
            var result = Runtime.Engine.Rollback(RollbackTarget.Baseline, Inventory());
            Report("baseline", result);
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _runtime?.Dispose();
        _lease.Dispose();
    }

    private TuningRuntime Runtime => _runtime ?? throw new InvalidOperationException("the tuner has not been configured");

    /// <summary>Takes new settings: a new state directory means a new engine; the profile is re-read from disk.</summary>
    private void Configure(AgentSettings settings)
    {
        // Validate the profile before anything else changes, so a bad reload leaves the running state as it was.
        var profile = ProfileSelection.Load(settings.StateDirectory, settings.Profile, _catalog);

        // One writer per state directory: enforcing holds its lock from here on (a busy one fails the start or the reload).
        _lease.Hold(settings);
        if (_runtime is null || _runtime.StateDirectory != settings.StateDirectory)
        {
            _runtime?.Dispose();
            _runtime = TuningRuntime.Open(_root, settings.StateDirectory);
        }

        _settings = settings;
        _profile = profile;
        _setAside.Clear();
    }

    /// <summary>One reconcile pass. <paramref name="initial"/> passes (boot, reload) report changes as tuning, later ones as drift.</summary>
    private TuneSummary Pass(bool initial, bool retry = true)
    {
        var settings = _settings!;
        var profile = _profile!;
        RecoverPending();
        var inventory = Inventory();
        var plan = Runtime.Engine.Plan(profile, inventory, Runtime.ReadHostFacts());
        var managed = plan.Rows.Where(r => r.Action != PlanAction.Unsupported).Select(r => r.Key).ToHashSet();
        _setAside.Prune(inventory.Interfaces.Select(i => i.Name).ToHashSet(StringComparer.Ordinal));
        plan = _setAside.Filter(plan);
        if (initial)
        {
            // After a reload, what the old profile managed and the new one does not is left as it is, not reverted
            // (a profile switch is not an undo; `nictune rollback` is): say so, once.
            foreach (var key in _managed.Where(k => !managed.Contains(k) && (k.Scope == SettingScope.Sysctl || inventory.Interfaces.Any(i => i.Name == k.Target))))
            {
                TunerLog.NoLongerManaged(_logger, PlanTable.Target(key), key.Name);
            }
        }

        _managed = managed;
        var changes = plan.Changes.ToList();
        TrackInterfaces(inventory, changes, initial);

        var news = changes.Where(r => !_reported.TryGetValue(r.Key, out var seen) || seen != r.Current).ToList();
        if (!initial)
        {
            foreach (var row in news.Where(r => _known.Contains(r.Key.Target) || r.Key.Scope == SettingScope.Sysctl))
            {
                TunerLog.Drift(_logger, PlanTable.Target(row.Key), row.Key.Name, row.Current ?? "-", row.Desired ?? "-", settings.Mode == AgentMode.Observe ? "reported" : "correcting");
            }
        }

        _known = [.. inventory.Interfaces.Select(i => i.Name)];
        _reported = changes.ToDictionary(r => r.Key, r => r.Current);
        if (changes.Count == 0)
        {
            return Summary(profile, plan, changed: 0, failed: 0);
        }

        if (settings.Mode == AgentMode.Observe)
        {
            if (initial || news.Count > 0)
            {
                TunerLog.Observed(_logger, changes.Count);
            }

            return Summary(profile, plan, changes.Count, failed: 0);
        }

        // Boot and reload apply what the operator configured; later passes are the daemon's own corrections.
        var result = initial ? Runtime.Engine.Apply(plan) : Runtime.Engine.Reconcile(plan);
        if (result.Outcome is TransactionOutcome.Succeeded or TransactionOutcome.NoChanges)
        {
            _reported.Clear();
        }

        Report(profile.Name, result);
        var setAside = _setAside.Record(result);
        foreach (var refused in setAside)
        {
            TunerLog.SetAside(_logger, refused.Key.ToString(), refused.Desired ?? "-");
        }

        // The pass met all of its permanent refusals at once and rolled back: apply the rest without them now, once,
        // rather than at the next tick.
        if (retry && setAside.Count > 0 && result.Outcome == TransactionOutcome.FailedRolledBack)
        {
            return Pass(initial, retry: false);
        }

        var failed = result.Settings.Count(s => s.Status is SettingStatus.Failed or SettingStatus.RollbackFailed);
        return Summary(profile, plan, result.Outcome == TransactionOutcome.Succeeded ? changes.Count : 0, failed);
    }

    /// <summary>
    /// A pass that died half-way (an I/O error on the state directory) leaves its journal: restore its originals
    /// before anything is planned, or the engine refuses the next transaction (<see cref="JournalPendingException"/>).
    /// </summary>
    private void RecoverPending()
    {
        if (_settings!.Mode == AgentMode.Observe)
        {
            // Observe mode writes nothing, recovery included (a pending journal was reported at start).
            return;
        }

        if (Runtime.Engine.Recover() is { } recovery)
        {
            TunerLog.Recovered(_logger, recovery.Message);
            LogLeftChanged(recovery);
        }
    }

    private void TrackInterfaces(SystemInventory inventory, List<PlanRow> changes, bool initial)
    {
        if (initial)
        {
            return;
        }

        foreach (var nic in inventory.Interfaces.Where(i => !_known.Contains(i.Name)))
        {
            TunerLog.NewInterface(_logger, nic.Name, changes.Count(r => r.Key.Target == nic.Name));
        }

        foreach (var gone in _known.Where(name => inventory.Interfaces.All(i => i.Name != name)))
        {
            TunerLog.InterfaceGone(_logger, gone);
        }
    }

    /// <summary>Detects, keeping only the interfaces the configuration's include/exclude globs allow.</summary>
    private SystemInventory Inventory()
    {
        var inventory = Runtime.Detect();
        var filter = _settings?.Interfaces ?? InterfaceFilter.All;
        return inventory with { Interfaces = [.. inventory.Interfaces.Where(i => filter.Allows(i.Name))] };
    }

    private void Report(string profile, TransactionResult result)
    {
        if (result.Outcome is TransactionOutcome.Succeeded or TransactionOutcome.NoChanges)
        {
            TunerLog.Applied(_logger, profile, result.Message);
            return;
        }

        TunerLog.ApplyFailed(_logger, profile, result.Outcome.ToString(), result.Message);
        LogLeftChanged(result);
    }

    private void LogLeftChanged(TransactionResult result)
    {
        foreach (var left in result.LeftChanged)
        {
            TunerLog.LeftChanged(_logger, left.Key.ToString(), left.Actual ?? "?", left.Original ?? "(none)");
        }
    }

    private static TuneSummary Summary(Profile profile, TuningPlan plan, int changed, int failed) =>
        new(profile.Name, plan.Matches.Count(m => m.Rule is not null), changed, failed);
}

using Nictune.Core.Guard;
using Nictune.Core.Transactions;
using Prometheus;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// The tuning events the daemon reports as they happen (push, not scrape): transactions, drift, rollbacks, link
/// resets, recovered journals. Every method is thread-safe and cheap.
/// </summary>
public sealed class TuningMetrics
{
    /// <summary>Transactions take milliseconds (sysctls) to tens of seconds (link-resetting ring changes on many NICs).</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter _drift;
    private readonly Counter _transactions;
    private readonly Histogram _duration;
    private readonly Gauge _lastTransaction;
    private readonly Counter _rollbacks;
    private readonly PushedDeviceCounter _linkResets;
    private readonly Counter _journalsRecovered;
    private readonly Counter _unconfirmedReverts;
    private readonly PushedDeviceCounter _adaptiveSuggestions;
    private readonly PushedDeviceCounter _adaptiveChanges;
    private readonly Counter _guardFailures;

    /// <param name="series">Where the device-labelled families are kept, so that they go with their device.</param>
    internal TuningMetrics(IMetricFactory factory, SeriesRegistry series)
    {
        _drift = factory.CreateCounter("nictune_drift_events_total", "Managed settings found changed behind nictune's back, by what was done: corrected, reported (observe mode) or set_aside (the kernel refused the correction).", [MetricLabels.Outcome]);
        foreach (var outcome in CountedDrift)
        {
            _drift.WithLabels(DriftOutcomes.Word(outcome));
        }

        _transactions = factory.CreateCounter("nictune_transactions_total", "Tuning transactions by verb (apply, reconcile, rollback-baseline, rollback-previous, recovery) and result (succeeded, no_changes, rolled_back, guard_reverted, rollback_failed, partial: the profile not wholly in force).", [MetricLabels.Verb, MetricLabels.Result]);
        foreach (var verb in CountedVerbs)
        {
            foreach (var result in CountedResults)
            {
                _transactions.WithLabels(verb, result);
            }
        }

        _duration = factory.CreateHistogram("nictune_transaction_duration_seconds", "How long tuning transactions took, from plan to the last read-back.", new HistogramConfiguration
        {
            LabelNames = [MetricLabels.Verb],
            Buckets = DurationBuckets,
        });
        _lastTransaction = factory.CreateGauge("nictune_last_transaction_timestamp_seconds", "When the last tuning transaction ended, in seconds since the Unix epoch; absent before the first.", new GaugeConfiguration { SuppressInitialValue = true });
        _rollbacks = factory.CreateCounter("nictune_rollbacks_total", "Transactions undone: a failed apply rolled back, or a rollback to the previous state or the baseline.");
        _linkResets = series.PushedCounter("nictune_link_resets_total", "Link resets nictune caused by changing a setting that resets the link (rings, channels, MTU on some drivers).", [MetricLabels.Device]);
        _journalsRecovered = factory.CreateCounter("nictune_journals_recovered_total", "Interrupted transactions found at start and restored from their journal.");
        _unconfirmedReverts = factory.CreateCounter("nictune_unconfirmed_reverts_total", "Changes applied with a confirmation window and rolled back because no confirmation came by the deadline.");
        _adaptiveSuggestions = series.PushedCounter("nictune_adaptive_suggestions_total", "Adaptive rings: larger rx rings suggested and not applied (suggest mode, observe mode, the link-reset guard, the hourly budget); docs/adaptive.md.", [MetricLabels.Device]);
        _guardFailures = factory.CreateCounter("nictune_guard_failures_total", "Health guard checks that failed after a change, by check (link, probe, counters); each failure rolled its transaction back (docs/guard.md).", [MetricLabels.Check]);
        foreach (var check in GuardChecks.All)
        {
            _guardFailures.WithLabels(check);
        }

        _adaptiveChanges = series.PushedCounter("nictune_adaptive_changes_total", "Adaptive rings: rx rings grown as a transaction, by result: applied, adjusted (the driver held another value; set aside), failed (rolled back; set aside).", [MetricLabels.Device, MetricLabels.Result]);
    }

    /// <summary>An adaptive suggestion for <paramref name="device"/>.</summary>
    public void AdaptiveSuggested(string device) => _adaptiveSuggestions.WithLabels(device).Inc();

    /// <summary>An adaptive change of <paramref name="device"/>; <paramref name="result"/> is applied, adjusted or failed.</summary>
    public void AdaptiveChanged(string device, string result) => _adaptiveChanges.WithLabels(device, result).Inc();

    /// <summary>
    /// The outcomes <c>nictune_drift_events_total</c> counts: what was done. Correcting is a promise, and a correction
    /// that failed counts in <c>nictune_transactions_total</c> and is tried again.
    /// </summary>
    public static IReadOnlyList<DriftOutcome> CountedDrift { get; } = [DriftOutcome.Corrected, DriftOutcome.Reported, DriftOutcome.SetAside];

    public void DriftObserved(DriftOutcome outcome, int settings = 1)
    {
        if (CountedDrift.Contains(outcome))
        {
            _drift.WithLabels(DriftOutcomes.Word(outcome)).Inc(settings);
        }
    }

    /// <summary>
    /// The verbs and results <c>nictune_transactions_total</c> exports from 0, every pair from the start, so that a
    /// rule's <c>increase()</c> sees an agent's first failure (a series that first appears at 1 increased by nothing).
    /// Derived from the kinds and outcomes, so a new one is counted from 0 too.
    /// </summary>
    public static IReadOnlyList<string> CountedVerbs { get; } = [.. Enum.GetValues<TransactionKind>().Select(TransactionVerbs.Of).Distinct()];

    /// <inheritdoc cref="CountedVerbs"/>
    public static IReadOnlyList<string> CountedResults { get; } = [.. Enum.GetValues<TransactionOutcome>().Select(Result).Distinct()];

    /// <summary>The <c>result</c> label of an outcome.</summary>
    public static string Result(TransactionOutcome outcome) => outcome switch
    {
        TransactionOutcome.Succeeded => "succeeded",
        TransactionOutcome.NoChanges => "no_changes",
        TransactionOutcome.FailedRolledBack => "rolled_back",
        TransactionOutcome.Partial => "partial",
        TransactionOutcome.GuardReverted => "guard_reverted",
        _ => "rollback_failed",
    };

    /// <param name="verb">apply, reconcile, rollback-baseline, rollback-previous, recovery.</param>
    public void TransactionCompleted(string verb, TransactionOutcome result, TimeSpan duration, DateTimeOffset ended)
    {
        _transactions.WithLabels(verb, Result(result)).Inc();
        _duration.WithLabels(verb).Observe(duration.TotalSeconds);
        _lastTransaction.Set(ended.ToUnixTimeMilliseconds() / 1000.0);
    }

    public void RolledBack() => _rollbacks.Inc();

    public void LinkReset(string device) => _linkResets.WithLabels(device).Inc();

    public void JournalRecovered() => _journalsRecovered.Inc();

    public void UnconfirmedReverted() => _unconfirmedReverts.Inc();

    /// <summary>A health guard check failed; <paramref name="check"/> is one of <see cref="GuardChecks.All"/>.</summary>
    public void GuardFailed(string check) => _guardFailures.WithLabels(check).Inc();
}

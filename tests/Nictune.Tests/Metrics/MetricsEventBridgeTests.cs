using Nictune.Core.Status;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Metrics;
using Nictune.Protocol.Metrics;
using Xunit;

namespace Nictune.Tests.Metrics;

public sealed class MetricsEventBridgeTests
{
    private readonly NictuneMetrics _metrics = new(Kernel(), () => TuningSnapshot.Empty, new MetricsOptions(false, "test"));

    // The daemon's per-device counters are kept only for devices the link dump shows: these tests' devices are present.
    private static FakeNicStatistics Kernel()
    {
        var kernel = new FakeNicStatistics();
        string[] names = ["ens192", "ens224", "eth1"];
        for (var i = 0; i < names.Length; i++)
        {
            kernel.AddLink(i + 2, names[i]);
        }

        return kernel;
    }
    private long _sequence;

    [Fact]
    public void Daemon_events_become_the_tuning_counters()
    {
        Record(Finished(TransactionVerbs.Recovery, TransactionOutcome.Succeeded, 0.2));
        Record(Finished(TransactionVerbs.Apply, TransactionOutcome.Succeeded, 0.04) with { LinkResets = ["ens192", "ens224"] });
        Record(Finished(TransactionVerbs.Reconcile, TransactionOutcome.FailedRolledBack, 1.5) with { LinkResets = ["ens192"] });
        Record(Finished(TransactionVerbs.RollbackBaseline, TransactionOutcome.Succeeded, 0.3));
        Record(new DriftDetected("vt0", "feature.rx-gro", "off", "on", DriftOutcome.Correcting));
        Record(new DriftCorrected("vt0", "feature.rx-gro", "on", "on", DriftOutcome.Corrected));
        Record(new DriftDetected(null, "net.core.somaxconn", "128", "8192", DriftOutcome.Reported));
        Record(new DriftCorrected("vt1", "ring.rx", "256", "4096", DriftOutcome.SetAside));
        Record(new DriftCorrected("vt1", "ring.tx", "256", "4096", DriftOutcome.Failed));

        var text = Exposition.Scrape(_metrics);

        Assert.Equal(1, Exposition.Value(text, "nictune_transactions_total{verb=\"apply\",result=\"succeeded\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_transactions_total{verb=\"reconcile\",result=\"rolled_back\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_transactions_total{verb=\"rollback-baseline\",result=\"succeeded\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_journals_recovered_total"));
        Assert.Equal(2, Exposition.Value(text, "nictune_link_resets_total{device=\"ens192\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_link_resets_total{device=\"ens224\"}"));
        // The failed reconcile rolled back, and the baseline was restored: two transactions undone.
        Assert.Equal(2, Exposition.Value(text, "nictune_rollbacks_total"));
        Assert.Equal(1, Exposition.Value(text, "nictune_transaction_duration_seconds_bucket{verb=\"reconcile\",le=\"2.5\"}"));
        Assert.Equal(0, Exposition.Value(text, "nictune_transaction_duration_seconds_bucket{verb=\"reconcile\",le=\"1\"}"));
        // Correcting is a promise; Corrected is the deed. A failed pass is a transaction failure, not a drift outcome.
        Assert.Equal(1, Exposition.Value(text, "nictune_drift_events_total{outcome=\"corrected\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_drift_events_total{outcome=\"reported\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_drift_events_total{outcome=\"set_aside\"}"));
        Assert.Equal(1_800_000_004, Exposition.Value(text, "nictune_last_transaction_timestamp_seconds"));
    }

    [Fact]
    public void An_unconfirmed_revert_is_counted_from_zero()
    {
        Assert.Equal(0, Exposition.Value(Exposition.Scrape(_metrics), "nictune_unconfirmed_reverts_total"));

        Record(new UnconfirmedReverted("20261207T193000Z-0123abcd", DateTimeOffset.UnixEpoch, TransactionOutcome.Succeeded, "2 setting(s) restored"));

        Assert.Equal(1, Exposition.Value(Exposition.Scrape(_metrics), "nictune_unconfirmed_reverts_total"));
    }

    [Fact]
    public void Every_verb_and_result_is_exported_from_0_before_the_first_transaction_so_increase_sees_the_first_failure()
    {
        var text = Exposition.Scrape(_metrics);

        foreach (var kind in Enum.GetValues<TransactionKind>())
        {
            foreach (var outcome in Enum.GetValues<TransactionOutcome>())
            {
                var series = $"nictune_transactions_total{{verb=\"{TransactionVerbs.Of(kind)}\",result=\"{TuningMetrics.Result(outcome)}\"}}";
                Assert.True(Exposition.Value(text, series) == 0, $"{series} is not exported at 0");
            }
        }

        // One label per outcome: a new outcome gets its own result, never another's.
        Assert.Equal(Enum.GetValues<TransactionOutcome>().Length, TuningMetrics.CountedResults.Count);

        Record(Finished(TransactionVerbs.Reconcile, TransactionOutcome.FailedRolledBack, 0.1));
        Assert.Equal(1, Exposition.Value(Exposition.Scrape(_metrics), "nictune_transactions_total{verb=\"reconcile\",result=\"rolled_back\"}"));
    }

    [Fact]
    public void An_agent_that_enforces_nothing_keeps_one_profile_info_series_with_an_empty_profile()
    {
        var metrics = new NictuneMetrics(new FakeNicStatistics(), () => new TuningSnapshot(null, TuningSnapshotSource.Source(ProfileSource.None), 4, [], []), new MetricsOptions(false, "test"));

        var text = Exposition.Scrape(metrics);

        Assert.Equal(1, Exposition.Value(text, "nictune_profile_info{profile=\"\",source=\"none\",generation=\"4\"}"));
        Assert.Single(Exposition.Samples(text, "nictune_profile_info"));
    }

    [Fact]
    public void Adaptive_events_become_the_adaptive_counters()
    {
        Record(new AdaptiveSuggested("ens192", "ring.rx", 1024, 2048, 4096, 52, 0.001, "suggest mode", "ring: { rx: 2048 }"));
        Record(new AdaptiveSuggested("ens192", "ring.rx", 1024, 2048, 4096, 60, 0.001, "suggest mode", "ring: { rx: 2048 }"));
        Record(new AdaptiveChanged("eth1", "ring.rx", 1024, 2048, 2048, 52, "applied", "t1"));
        Record(new AdaptiveChanged("eth1", "ring.rx", 2048, 4096, null, 52, "failed", "t2"));
        Record(new AdaptiveHeld("eth1", "ring.rx", 8192, 8192, 40, "at_maximum", "nothing is left to grow"));

        var text = Exposition.Scrape(_metrics);

        Assert.Equal(2, Exposition.Value(text, "nictune_adaptive_suggestions_total{device=\"ens192\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_adaptive_changes_total{device=\"eth1\",result=\"applied\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_adaptive_changes_total{device=\"eth1\",result=\"failed\"}"));
    }

    [Fact]
    public void The_overlay_gauge_and_the_adaptive_profile_series_follow_the_snapshot()
    {
        var snapshot = new TuningSnapshot("vmxnet3-throughput", "config", 0, [], []) { AdaptiveRings = [KeyValuePair.Create("ens192", 2048L)] };
        var metrics = new NictuneMetrics(new FakeNicStatistics(), () => snapshot, new MetricsOptions(false, "test"));

        var text = Exposition.Scrape(metrics);
        Assert.Equal(2048, Exposition.Value(text, "nictune_adaptive_rx_ring_entries{device=\"ens192\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_profile_info{profile=\"vmxnet3-throughput\",source=\"config\",generation=\"0\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_profile_info{profile=\"vmxnet3-throughput\",source=\"adaptive\",generation=\"0\"}"));

        snapshot = snapshot with { AdaptiveRings = [] };
        text = Exposition.Scrape(metrics);
        Assert.DoesNotContain("nictune_adaptive_rx_ring_entries{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("source=\"adaptive\"", text, StringComparison.Ordinal);
    }

    private static TransactionFinished Finished(string verb, TransactionOutcome outcome, double seconds) =>
        new(verb, "e2e", outcome, TimeSpan.FromSeconds(seconds), new Dictionary<SettingStatus, int>(), "message", "id");

    private void Record(AgentEventData data)
    {
        _sequence++;
        MetricsEventBridge.Record(_metrics.Tuning, new AgentEvent(_sequence, DateTimeOffset.FromUnixTimeSeconds(1_800_000_000 + _sequence), data));
    }
}

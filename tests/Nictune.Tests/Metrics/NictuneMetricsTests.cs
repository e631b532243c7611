using Nictune.Core.Transactions;
using Nictune.Core.Model;
using Nictune.Core.Statistics;
using Nictune.Protocol.Metrics;
using Prometheus;
using Xunit;

namespace Nictune.Tests.Metrics;

public sealed class NictuneMetricsTests
{
    private readonly FakeNicStatistics _kernel = new();
    private TuningSnapshot _tuning = TuningSnapshot.Empty;

    [Fact]
    public void Device_counters_and_info_come_from_the_link_dump_and_the_facts()
    {
        _kernel.AddLink(2, "eth0", rxPackets: 7, txQueueLength: 5000);

        var text = Exposition.Scrape(Create());

        Assert.Equal(7, Exposition.Value(text, "nictune_receive_packets_total{device=\"eth0\"}"));
        Assert.Equal(700, Exposition.Value(text, "nictune_receive_bytes_total{device=\"eth0\"}"));
        Assert.Equal(5000, Exposition.Value(text, "nictune_transmit_queue_length{device=\"eth0\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_device_info{device=\"eth0\",driver=\"veth\",class=\"software\",hypervisor=\"kvm\",pci_address=\"\",pci_id=\"\",driver_version=\"1.0\",firmware_version=\"\",failover=\"\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_build_info{version=\"9.9.9-test\"}"));
    }

    [Fact]
    public void An_interface_deleted_and_recreated_under_its_name_starts_its_counters_again()
    {
        var metrics = Create();
        _kernel.AddLink(5, "vt0", rxPackets: 1000);
        Exposition.Scrape(metrics);

        // Deleted and re-created between scrapes: a new ifindex, and (here) already more packets than the old one had.
        _kernel.AddLink(9, "vt0", rxPackets: 1500);
        var text = Exposition.Scrape(metrics);

        // The value is the new interface's own, not 1000 + 1500, and the series is new (its created time differs).
        Assert.Equal(1500, Exposition.Value(text, "nictune_receive_packets_total{device=\"vt0\"}"));
    }

    [Fact]
    public void A_counter_that_goes_backwards_restarts_and_never_decreases_in_place()
    {
        var metrics = Create();
        _kernel.AddLink(5, "vt0", rxPackets: 1000);
        Exposition.Scrape(metrics);

        _kernel.SetRxPackets("vt0", 10);
        var text = Exposition.Scrape(metrics);

        Assert.Equal(10, Exposition.Value(text, "nictune_receive_packets_total{device=\"vt0\"}"));
    }

    [Fact]
    public void A_removed_interface_loses_every_series()
    {
        var metrics = Create();
        _kernel.AddLink(5, "vt0", rxPackets: 1);
        _kernel.AddLink(6, "vt1", rxPackets: 1);
        Assert.Contains("device=\"vt1\"", Exposition.Scrape(metrics), StringComparison.Ordinal);

        _kernel.RemoveLink("vt1");
        var text = Exposition.Scrape(metrics);

        Assert.DoesNotContain("device=\"vt1\"", text, StringComparison.Ordinal);
        Assert.Contains("device=\"vt0\"", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The daemon's own per-device counters go with their device too (a vmxnet3 NIC hot-unplugged in the guest kept
    /// its nictune_link_resets_total series), and a device re-created under the name starts them again.
    /// </summary>
    [Fact]
    public void A_removed_interface_loses_the_daemons_own_counters_of_it()
    {
        var metrics = Create();
        _kernel.AddLink(5, "vt0", rxPackets: 1);
        _kernel.AddLink(6, "vt1", rxPackets: 1);
        _kernel.AddLink(7, "vt2", rxPackets: 1);
        foreach (var device in new[] { "vt0", "vt1", "vt2" })
        {
            metrics.Tuning.LinkReset(device);
            metrics.Tuning.AdaptiveSuggested(device);
            metrics.Tuning.AdaptiveChanged(device, "applied");
        }

        // vt3 came, was reset and went between two scrapes: no scrape ever saw it.
        metrics.Tuning.LinkReset("vt3");
        var first = Exposition.Scrape(metrics);
        Assert.Equal(1, Exposition.Value(first, "nictune_link_resets_total{device=\"vt1\"}"));
        Assert.DoesNotContain("device=\"vt3\"", first, StringComparison.Ordinal);

        _kernel.RemoveLink("vt1");
        _kernel.AddLink(9, "vt2", rxPackets: 1);
        var text = Exposition.Scrape(metrics);

        Assert.DoesNotContain("device=\"vt1\"", text, StringComparison.Ordinal);
        // vt2 was re-created: the old device's resets and adaptive changes are not the new one's.
        var daemonRows = text.Split('\n').Where(l => l.StartsWith("nictune_link_resets", StringComparison.Ordinal) || l.StartsWith("nictune_adaptive", StringComparison.Ordinal));
        Assert.DoesNotContain(daemonRows, l => l.Contains("device=\"vt2\"", StringComparison.Ordinal));
        Assert.Equal(1, Exposition.Value(text, "nictune_link_resets_total{device=\"vt0\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_adaptive_changes_total{device=\"vt0\",result=\"applied\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_adaptive_suggestions_total{device=\"vt0\"}"));
    }

    [Fact]
    public void Driver_counters_sum_queues_unless_the_driver_gives_its_own_total_and_queues_show_only_when_asked()
    {
        _kernel.AddLink(2, "ens1", driver: "mlx5_core");
        var (names, values) = EthtoolStatisticsText.Load("mlx5-2ch.ethtool-S.txt");
        _kernel.DriverStatistics["ens1"] = new DriverStatisticsSample(names, values);
        _kernel.AddLink(3, "ens2", driver: "vmxnet3");
        var (vnames, vvalues) = EthtoolStatisticsText.Load("vmxnet3-4q.ethtool-S.txt");
        _kernel.DriverStatistics["ens2"] = new DriverStatisticsSample(vnames, vvalues);

        var plain = Exposition.Scrape(Create(perQueue: false));
        var perQueue = Exposition.Scrape(Create(perQueue: true));

        // mlx5's own device-wide tx_queue_stopped (7), not rx0+rx1's 3+4.
        Assert.Equal(7, Exposition.Value(plain, "nictune_tx_ring_full_total{device=\"ens1\"}"));
        Assert.Equal(42, Exposition.Value(plain, "nictune_rx_out_of_buffer_total{device=\"ens1\"}"));
        // vmxnet3 has only per-queue counters: the device value is their sum.
        Assert.Equal(21 + 1021 + 2021 + 3021, Exposition.Value(plain, "nictune_rx_out_of_buffer_total{device=\"ens2\"}"));
        Assert.Empty(Exposition.Samples(plain, "nictune_queue_rx_out_of_buffer_total"));
        Assert.Equal(2021, Exposition.Value(perQueue, "nictune_queue_rx_out_of_buffer_total{device=\"ens2\",queue=\"2\"}"));
        Assert.Equal(4, Exposition.Value(perQueue, "nictune_queue_tx_ring_full_total{device=\"ens1\",queue=\"1\"}"));
    }

    [Fact]
    public void E1000e_rx_usecs_below_10_is_a_throttling_mode_not_microseconds()
    {
        // Issue 22 (6): e1000e's default rx-usecs 3 (dynamic conservative, as `ethtool -c` shows it in the guest) was
        // exported as 3e-06 seconds.
        _kernel.AddLink(2, "eth2", driver: "e1000e");
        _kernel.AddLink(3, "eth3", driver: "e1000e");
        _kernel.Settings["eth2"] = new DeviceSettingsSample { RxCoalesceUsecs = 3 };
        _kernel.Settings["eth3"] = new DeviceSettingsSample { RxCoalesceUsecs = 125 };

        var text = Exposition.Scrape(Create());

        Assert.Null(Exposition.Value(text, "nictune_rx_coalesce_seconds{device=\"eth2\"}"));
        Assert.Equal(["nictune_rx_coalesce_mode{device=\"eth2\",mode=\"dynamic conservative\"} 1"], Exposition.Samples(text, "nictune_rx_coalesce_mode"));
        Assert.Equal(0.000125, Exposition.Value(text, "nictune_rx_coalesce_seconds{device=\"eth3\"}"));
    }

    [Fact]
    public void Settings_are_gauges_of_current_and_maximum_with_coalescing_in_seconds()
    {
        _kernel.AddLink(2, "ens192", driver: "vmxnet3");
        _kernel.Settings["ens192"] = new DeviceSettingsSample { RxRing = 1024, RxRingMax = 4096, CombinedChannels = 4, CombinedChannelsMax = 8, RxCoalesceUsecs = 50, AdaptiveRx = true };
        _kernel.Sysctls["net.core.somaxconn"] = 8192;
        _tuning = TuningSnapshot.Empty with { ManagedSysctls = ["net.core.somaxconn", "net.ipv4.tcp_rmem"] };

        var text = Exposition.Scrape(Create());

        Assert.Equal(1024, Exposition.Value(text, "nictune_rx_ring_entries{device=\"ens192\"}"));
        Assert.Equal(4096, Exposition.Value(text, "nictune_rx_ring_max_entries{device=\"ens192\"}"));
        Assert.Equal(8, Exposition.Value(text, "nictune_combined_channels_max{device=\"ens192\"}"));
        Assert.Equal(0.00005, Exposition.Value(text, "nictune_rx_coalesce_seconds{device=\"ens192\"}"));
        Assert.Equal(1, Exposition.Value(text, "nictune_rx_coalesce_adaptive{device=\"ens192\"}"));
        Assert.Empty(Exposition.Samples(text, "nictune_tx_ring_entries"));
        // tcp_rmem is three numbers: not a gauge.
        Assert.Equal(["nictune_sysctl_value{sysctl=\"net.core.somaxconn\"} 8192"], Exposition.Samples(text, "nictune_sysctl_value"));
    }

    [Fact]
    public void Softnet_is_per_cpu_and_a_failing_collector_is_counted_without_failing_the_scrape()
    {
        _kernel.AddLink(1, "lo");
        _kernel.Softnet.Add(new SoftnetStat(0, 100, 2, 3));
        _kernel.Softnet.Add(new SoftnetStat(3, 50, 0, 1));
        var metrics = Create();

        var good = Exposition.Scrape(metrics);
        _kernel.SoftnetFailure = new IOException("softnet_stat vanished");
        var bad = Exposition.Scrape(metrics);

        Assert.Equal(3, Exposition.Value(good, "nictune_softnet_times_squeezed_total{cpu=\"0\"}"));
        Assert.Equal(50, Exposition.Value(good, "nictune_softnet_processed_total{cpu=\"3\"}"));
        Assert.Equal(1, Exposition.Value(bad, "nictune_scrape_collector_errors_total{collector=\"softnet\"}"));
        Assert.Equal(0, Exposition.Value(bad, "nictune_scrape_collector_success{collector=\"softnet\"}"));
        Assert.Equal(1, Exposition.Value(bad, "nictune_scrape_collector_success{collector=\"links\"}"));
        Assert.Equal(0, Exposition.Value(bad, "nictune_receive_packets_total{device=\"lo\"}"));
    }

    [Fact]
    public void A_failed_link_dump_keeps_every_device_series_instead_of_removing_them()
    {
        _kernel.AddLink(2, "ens192", driver: "vmxnet3");
        _kernel.Settings["ens192"] = new DeviceSettingsSample { RxRing = 1024, RxRingMax = 4096 };
        var metrics = Create();
        Exposition.Scrape(metrics);

        _kernel.LinkFailure = new IOException("RTM_GETLINK dump: timed out");
        var text = Exposition.Scrape(metrics);

        Assert.Equal(0, Exposition.Value(text, "nictune_scrape_collector_success{collector=\"links\"}"));
        Assert.Equal(1024, Exposition.Value(text, "nictune_rx_ring_entries{device=\"ens192\"}"));
    }

    [Fact]
    public void Tuning_state_shows_the_profile_and_drift_and_events_count()
    {
        var metrics = Create();
        _tuning = new TuningSnapshot(
            "vmxnet3-throughput", "config", 3, [], [new DriftedSetting("ens192", "feature.rx-gro", "off", "on")],
            [KeyValuePair.Create("Applied", false), KeyValuePair.Create("Degraded", false), KeyValuePair.Create("Drifted", true)],
            ("reconcile", "rolled_back"));
        metrics.Tuning.DriftObserved(DriftOutcome.Corrected);
        metrics.Tuning.TransactionCompleted("apply", TransactionOutcome.Succeeded, TimeSpan.FromMilliseconds(40), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

        var drifted = Exposition.Scrape(metrics);
        _tuning = _tuning with { Drifted = [], Conditions = [KeyValuePair.Create("Applied", true), KeyValuePair.Create("Degraded", false), KeyValuePair.Create("Drifted", false)] };
        var settled = Exposition.Scrape(metrics);

        Assert.Equal(1, Exposition.Value(drifted, "nictune_profile_info{profile=\"vmxnet3-throughput\",source=\"config\",generation=\"3\"}"));
        Assert.Equal(1, Exposition.Value(drifted, "nictune_drifted{device=\"ens192\",setting=\"feature.rx-gro\"}"));
        Assert.Empty(Exposition.Samples(settled, "nictune_drifted"));
        Assert.Equal(new double?[] { 0, 0, 1 }, new[] { "Applied", "Degraded", "Drifted" }.Select(t => Exposition.Value(drifted, $"nictune_condition{{type=\"{t}\"}}")));
        Assert.Equal(1, Exposition.Value(drifted, "nictune_last_transaction_info{verb=\"reconcile\",result=\"rolled_back\"}"));
        Assert.Equal(new double?[] { 1, 0, 0 }, new[] { "Applied", "Degraded", "Drifted" }.Select(t => Exposition.Value(settled, $"nictune_condition{{type=\"{t}\"}}")));
        Assert.Equal(1, Exposition.Value(drifted, "nictune_drift_events_total{outcome=\"corrected\"}"));
        Assert.Equal(0, Exposition.Value(drifted, "nictune_drift_events_total{outcome=\"set_aside\"}"));
        Assert.Equal(1, Exposition.Value(drifted, "nictune_transactions_total{verb=\"apply\",result=\"succeeded\"}"));
        Assert.Equal(1, Exposition.Value(drifted, "nictune_transaction_duration_seconds_bucket{verb=\"apply\",le=\"0.05\"}"));
        Assert.Equal(1_700_000_000, Exposition.Value(drifted, "nictune_last_transaction_timestamp_seconds"));
    }

    [Fact]
    public void Hostile_interface_names_are_escaped_in_both_formats()
    {
        _kernel.AddLink(2, "q\"b\\s\n", rxPackets: 1);
        var metrics = Create();

        var text = Exposition.Scrape(metrics);
        var openMetrics = Exposition.Scrape(metrics, ExpositionFormat.OpenMetricsText);

        Assert.Equal(1, Exposition.Value(text, "nictune_receive_packets_total{device=\"q\\\"b\\\\s\\n\"}"));
        Assert.Contains("nictune_receive_packets_total{device=\"q\\\"b\\\\s\\n\"} 1.0", openMetrics, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenMetrics_ends_with_EOF_and_names_counters_without_total_in_TYPE()
    {
        _kernel.AddLink(1, "lo");

        var text = Exposition.Scrape(Create(), ExpositionFormat.OpenMetricsText);

        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE nictune_receive_packets counter\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("system_runtime", text, StringComparison.Ordinal);
        Assert.DoesNotContain("prometheus_net_", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_scrapes_share_one_collection()
    {
        _kernel.AddLink(1, "lo");
        var metrics = Create();
        _kernel.Gate.Reset();

        var first = Task.Run(() => Exposition.Scrape(metrics));
        Assert.True(SpinWait.SpinUntil(() => _kernel.LinkReads == 1, TimeSpan.FromSeconds(10)), "the first scrape never reached the kernel");
        var second = Task.Run(() => Exposition.Scrape(metrics));
        var third = Task.Run(() => Exposition.Scrape(metrics));

        // Both later scrapes must have asked while the first is held at the kernel; a fixed delay missed that on a
        // loaded machine, and a late scrape rightly started a collection of its own.
        Assert.True(SpinWait.SpinUntil(() => metrics.CollectionRequests == 3, TimeSpan.FromSeconds(10)), "the later scrapes never asked for a collection");
        _kernel.Gate.Set();
        var texts = await Task.WhenAll(first, second, third);

        Assert.Equal(1, _kernel.LinkReads);
        Assert.Equal(1, metrics.Collections);
        Assert.All(texts, t => Assert.Contains("nictune_receive_packets_total{device=\"lo\"}", t, StringComparison.Ordinal));
    }

    private NictuneMetrics Create(bool perQueue = false) => new(_kernel, () => _tuning, new MetricsOptions(perQueue, "9.9.9-test"));
}

using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace Nictune.IntegrationTests.Guest;

/// <summary>Every driver, QEMU's DMI, and one run of the daemon scenario (<see cref="DaemonScenario"/>) per guest.</summary>
public sealed class DaemonGuest : GuestFixture
{
    private readonly Lazy<DaemonScenario> _scenario;

    public DaemonGuest()
        : base(GuestMachine.AllDrivers(smbios: null))
    {
        _scenario = new Lazy<DaemonScenario>(() => DaemonScenario.Run(Guest, Machine), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    internal DaemonScenario Scenario => _scenario.Value;
}

/// <summary>
/// <c>nictune run</c> inside the guest, on the real drivers (issue 22, "the daemon: drift, and real PCI hot-plug";
/// "metrics from the real ethtool -S strings"): every value is read back with ethtool, sysctl and sysfs in the guest.
/// </summary>
[Collection(GuestSerial.Name)]
public sealed partial class DaemonInGuestTests(DaemonGuest fixture) : IClassFixture<DaemonGuest>
{
    [Fact]
    public void The_daemon_corrects_a_ring_channels_and_a_sysctl_changed_behind_it_and_counts_three_drifts()
    {
        var start = fixture.Scenario["start"];
        var booted = start.Values("booted");
        Assert.Equal(("2048", "128", "1", "2000"), (booted["vmx_rx"], booted["mq_rx"], booted["mq_combined"], booted["backlog"]));
        var (vmx, multiqueue) = (start.Values("nics")["vmxnet3"], start.Values("nics")["multiqueue"]);

        var drift = fixture.Scenario["drift"];
        Assert.Equal(("0", "0", "0"), (drift.Values("behind")["ring"], drift.Values("behind")["channels"], drift.Values("behind")["sysctl"]));
        // What the agent found, each once: its log's drift lines since the changes.
        string[] found =
        [
            $"Drift: {vmx} ring.rx holds 1024, the profile wants 2048 (correcting)",
            $"Drift: {multiqueue} channels.combined holds 2, the profile wants 1 (correcting)",
            "Drift: sysctl net.core.netdev_max_backlog holds 1000, the profile wants 2000 (correcting)",
        ];
        Assert.Equal(found.Order(StringComparer.Ordinal), Lines(drift["drift-lines"]).Select(l => l[l.IndexOf("Drift: ", StringComparison.Ordinal)..]).Order(StringComparer.Ordinal));
        var corrected = drift.Values("corrected");
        Assert.Equal(("2048", "1", "2000"), (corrected["vmx_rx"], corrected["mq_combined"], corrected["backlog"]));
        Assert.Equal(3, Number(corrected["after"]) - Number(corrected["before"]));
    }

    /// <summary>
    /// Issue 22's defect 4 on vmxnet3: a link reset behind the agent (down/up, an MTU change) leaves RPS/XPS as the
    /// profile wants them, so no drift is logged or counted for them, then or while the real drifts are corrected.
    /// </summary>
    [Fact]
    public void A_link_reset_behind_the_daemon_logs_and_counts_no_drift_for_steering_that_holds_its_value()
    {
        var reset = fixture.Scenario["reset"];
        var after = reset.Values("after");
        var rps = after.Where(p => p.Key.EndsWith("/rps_cpus", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rps);
        Assert.All(rps, p => Assert.Equal("3", p.Value.TrimStart('0')));
        Assert.Equal(Number(after["before"]), Number(after["after"]));
        var drifts = Lines(reset["drift-lines"]);
        Assert.DoesNotContain(drifts, l => l.Contains("rps-", StringComparison.Ordinal) || l.Contains("xps-", StringComparison.Ordinal));
    }

    public static TheoryData<string> HotPluggedDrivers => [.. DaemonScenario.HotPlugs.Select(d => d.Driver)];

    [Theory]
    [MemberData(nameof(HotPluggedDrivers))]
    public void A_nic_hot_plugged_through_qmp_is_tuned_and_once_unplugged_is_gone(string driver)
    {
        var nic = DaemonScenario.HotPlugs.Single(d => d.Driver == driver);
        var added = fixture.Scenario[DaemonScenario.Added(nic)];
        var name = added.Values("added")["name"];
        Assert.Equal(driver, added.Values("added")["driver"]);
        Assert.Equal(nic.Rx, CurrentField(added["ethtool-g"], "RX"));
        Assert.Contains($"device=\"{name}\"", added["metrics"], StringComparison.Ordinal);
        if (driver == "vmxnet3")
        {
            Assert.All(Lines(added["rps"]), mask => Assert.Equal("3", mask.TrimStart('0')));
        }

        // The scenario waited for the log's line and for the metrics to drop every series of the device.
        var gone = fixture.Scenario[DaemonScenario.Gone(nic)];
        Assert.Contains(Lines(gone["events"]), l => l.Contains("interface-removed", StringComparison.Ordinal) && l.Contains(name, StringComparison.Ordinal));
    }

    /// <summary>
    /// The driver counter families (docs/metrics.md, "Driver counters") as each driver's own <c>ethtool -S</c> names
    /// them in the guest, written down here from the guest's output, not taken from the product's map: a statistic
    /// name (vmxnet3's trimmed, as its per-queue blocks repeat them) to the family whose device series sums it.
    /// </summary>
    private static readonly Dictionary<string, Func<string, string?>> DriverFamilies = new(StringComparer.Ordinal)
    {
        ["vmxnet3"] = name => name switch
        {
            "pkts rx OOB" => "nictune_rx_out_of_buffer_total",
            "rx buf alloc fail" => "nictune_rx_buffer_allocation_failures_total",
            "ring full" => "nictune_tx_ring_full_total",
            "drv dropped rx total" => "nictune_driver_rx_dropped_total",
            "drv dropped tx total" => "nictune_driver_tx_dropped_total",
            _ => null,
        },
        ["virtio_net"] = name => RxQueueDrops().IsMatch(name) ? "nictune_driver_rx_dropped_total" : null,
        ["e1000"] = IntelGigabit,
        ["e1000e"] = IntelGigabit,
    };

    private static string? IntelGigabit(string name) => name switch
    {
        "alloc_rx_buff_failed" => "nictune_rx_buffer_allocation_failures_total",
        "tx_restart_queue" => "nictune_tx_ring_full_total",
        _ => null,
    };

    /// <summary>
    /// Each driver counter series of each NIC lies between the sums of its statistics in an <c>ethtool -S</c> read
    /// before the scrape and one after it (counters only grow), and a NIC has exactly the families its driver's
    /// statistics give.
    /// </summary>
    [Fact]
    public void Driver_counters_in_the_metrics_are_the_real_ethtool_statistics_of_each_driver()
    {
        var metrics = fixture.Scenario["metrics"];
        var scrape = Lines(metrics["scrape"]);
        var drivers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in metrics.Names.Where(n => n.StartsWith("ethtool-before ", StringComparison.Ordinal)))
        {
            var words = section.Split(' ');
            var (nic, driver) = (words[1], words[2]);
            drivers.Add(driver);
            var families = DriverFamilies[driver];
            var before = Sums(metrics[section], families);
            var after = Sums(metrics[$"ethtool-after {nic}"], families);
            var scraped = scrape.Select(l => DriverSeries().Match(l)).Where(m => m.Success && m.Groups["device"].Value == nic)
                .ToDictionary(m => m.Groups["family"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
            Assert.True(before.Keys.Order(StringComparer.Ordinal).SequenceEqual(scraped.Keys.Order(StringComparer.Ordinal)),
                $"{nic} ({driver}): ethtool -S gives {string.Join(", ", before.Keys)}, the metrics have {string.Join(", ", scraped.Keys)}");
            foreach (var (family, value) in scraped)
            {
                Assert.True(before[family] <= value && value <= after[family], $"{nic} ({driver}) {family} {value} is not within [{before[family]}, {after[family]}]");
            }
        }

        Assert.Equal(DriverFamilies.Keys.Order(StringComparer.Ordinal), drivers.Order(StringComparer.Ordinal));
    }

    /// <summary>The families' sums of one <c>ethtool -S</c> output.</summary>
    private static Dictionary<string, double> Sums(string ethtool, Func<string, string?> families)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in Lines(ethtool).Skip(1))
        {
            var colon = line.LastIndexOf(':');
            if (colon > 0 && families(line[..colon].Trim()) is { } family)
            {
                sums[family] = sums.GetValueOrDefault(family) + double.Parse(line[(colon + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sums;
    }

    [GeneratedRegex(@"^rx_queue_\d+_drops$")]
    private static partial Regex RxQueueDrops();

    [GeneratedRegex(@"^(?<family>nictune_(rx_out_of_buffer|rx_buffer_allocation_failures|tx_ring_full|driver_rx_dropped|driver_tx_dropped)_total)\{device=""(?<device>[^""]+)""\} (?<value>\S+)$")]
    private static partial Regex DriverSeries();

    private static int Number(string text) => (int)double.Parse(text, CultureInfo.InvariantCulture);

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>A field of the "Current hardware settings" part of <c>ethtool -g</c> or <c>-l</c>.</summary>
    private static string? CurrentField(string ethtool, string field) =>
        Lines(ethtool).SkipWhile(l => !l.StartsWith("Current hardware settings", StringComparison.Ordinal))
            .FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal))?[(field.Length + 1)..].Trim();
}

using System.Globalization;
using System.Text.Json;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Metrics;

/// <summary>
/// /metrics of the real binary (the NativeAOT build under tests/run.sh) running <c>nictune run</c> in a namespace of
/// its own, checked with Debian's promtool and curl, and the counters compared with what <c>ip -s</c> reads.
/// </summary>
public sealed class MetricsEndpointTests
{
    private static readonly TimeSpan Soon = Poll.Soon;

    [Fact]
    public void The_live_exposition_is_promtool_clean_and_negotiated_on_Accept()
    {
        using var ns = new MetricsAgent();

        var (textHeaders, text) = ns.Get();
        var (browserHeaders, _) = ns.Get("text/html,application/xhtml+xml,*/*;q=0.8");
        var (omHeaders, openMetrics) = ns.Get(MetricsAgent.OpenMetricsAccept);

        var check = PromtoolRunner.RunWithInput(text, "check", "metrics");
        Assert.True(check.ExitCode == 0 && check.Stdout.Length == 0 && check.Stderr.Length == 0, $"promtool check metrics:\n{check.Stdout}{check.Stderr}\n---\n{text}");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", textHeaders["content-type"]);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", browserHeaders["content-type"]);
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", omHeaders["content-type"]);
        Assert.EndsWith("\n# EOF\n", openMetrics, StringComparison.Ordinal);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(openMetrics).ToString(CultureInfo.InvariantCulture), omHeaders["content-length"]);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# EOF", text, StringComparison.Ordinal);

        // Ours, prometheus-net's process_* family, and none of its EventCounter/Meter adapters.
        Assert.Contains("nictune_device_info{device=\"vt0\",driver=\"veth\",class=\"software\"", text, StringComparison.Ordinal);
        Assert.Contains("\nprocess_cpu_seconds_total ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("system_runtime", text, StringComparison.Ordinal);
        Assert.DoesNotContain("prometheus_net_", text, StringComparison.Ordinal);
        Assert.Contains("nictune_queue_driver_rx_dropped_total{device=\"vt0\",queue=\"1\"}", text, StringComparison.Ordinal);
        Assert.Contains("nictune_rx_channels_max{device=\"vt0\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("nictune_scrape_collector_success{collector=\"links\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_up_garbage_is_collected_once_the_daemon_has_started()
    {
        // Observe mode, an hour between drift passes, and the first scrape: nothing has allocated enough for a full
        // collection of its own yet, so one counted here is the release of start-up's heap (Daemon/StartupHeap), which
        // comes before the web server answers anything.
        using var ns = new MetricsAgent(mode: "observe", driftInterval: "1h");

        var text = ns.Text();
        Assert.True(Sample(text, "dotnet_collection_count_total{generation=\"2\"}") >= 1, text);
    }

    [Fact]
    public void A_pushed_profile_named_like_a_catalog_profile_shows_its_own_sysctls()
    {
        using var ns = new MetricsAgent(driftInterval: "1h");

        // The catalog's e2e manages somaxconn and tcp_slow_start_after_idle; the pushed e2e somaxconn and tcp_fin_timeout.
        var file = Path.Join(ns.Namespace.TestDirectory, "to-push", "e2e.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "name: e2e\nsysctl:\n  net.core.somaxconn: 4096\n  net.ipv4.tcp_fin_timeout: 45\n");
        var push = ns.Namespace.Nictune("push", file, "--apply", "--target", "unix://" + ns.Namespace.ApiSocket);
        Assert.True(push.ExitCode == 0, push.Stdout + push.Stderr);
        var net = ns.Namespace.Namespace;
        Assert.Equal("45", net.CheckExec("sysctl", "-n", "net.ipv4.tcp_fin_timeout").Trim());
        Assert.Equal("4096", net.CheckExec("sysctl", "-n", "net.core.somaxconn").Trim());

        var text = ns.Text();
        var sysctls = text.Split('\n').Where(l => l.StartsWith("nictune_sysctl_value{", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(["nictune_sysctl_value{sysctl=\"net.core.somaxconn\"} 4096", "nictune_sysctl_value{sysctl=\"net.ipv4.tcp_fin_timeout\"} 45"], sysctls);
        Assert.Contains("nictune_profile_info{profile=\"e2e\",source=\"pushed\",generation=\"1\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_interface_names_are_escaped_and_the_kernel_refuses_a_colon()
    {
        using var ns = new MetricsAgent(mode: "observe");
        var net = ns.Namespace.Namespace;

        // dev_valid_name (net/core/dev.c) allows '"' and '\' in a name, and refuses ':', '/' and whitespace.
        net.AddVethPair("q\"x\\y", "h\"1");
        var colon = Tools.Run("ip", "-n", net.Name, "link", "add", "a:b", "type", "veth", "peer", "name", "a-b");

        Assert.NotEqual(0, colon.ExitCode);
        Assert.True(Poll.Until(() => ns.Text().Contains("nictune_device_info{device=\"q\\\"x\\\\y\"", StringComparison.Ordinal), Soon), ns.Text());
        var text = ns.Text();
        Assert.Contains("nictune_receive_packets_total{device=\"h\\\"1\"}", text, StringComparison.Ordinal);
        var check = PromtoolRunner.RunWithInput(text, "check", "metrics");
        Assert.True(check.ExitCode == 0 && check.Stdout.Length + check.Stderr.Length == 0, $"{check.Stdout}{check.Stderr}");
        Assert.EndsWith("\n# EOF\n", ns.Get(MetricsAgent.OpenMetricsAccept).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_counter_stays_right_across_an_interface_deleted_and_recreated()
    {
        using var ns = new MetricsAgent(mode: "observe");
        var net = ns.Namespace.Namespace;
        const int Sent = 200;
        SendMulticast(net, "vt1", Sent);
        Assert.True(Poll.Until(() => RxPackets(ns.Text(), "vt0") >= Sent, Soon), $"vt0 never counted {Sent} packets:\n{ns.Text()}");

        net.Ip("link", "delete", "vt0");
        net.AddVethPair("vt0", "vt1", queues: 4);
        var before = KernelRxPackets(net, "vt0");
        var after = RxPackets(ns.Text(), "vt0");
        var kernelAfter = KernelRxPackets(net, "vt0");

        // The new interface's own count, not the old one's plus it, and not stuck at the old value.
        Assert.InRange(after, before, kernelAfter);
        Assert.True(after < Sent, $"after re-creation vt0 reads {after}, the old interface had {Sent}+");
    }

    [Fact]
    public void A_drift_made_with_ethtool_shows_as_drifted_and_counts_as_a_drift_event()
    {
        // Applied first, then observed: the agent starts with nothing drifted and never corrects what it sees.
        using var ns = new MetricsAgent(mode: "observe", applyFirst: true);
        var before = ns.Text();
        Assert.DoesNotContain("nictune_drifted{", before, StringComparison.Ordinal);
        var reported = Sample(before, "nictune_drift_events_total{outcome=\"reported\"}");

        ns.Namespace.Namespace.CheckExec("ethtool", "-K", "vt0", "gro", "off");

        Assert.True(Poll.Until(() => ns.Text().Contains("nictune_drifted{device=\"vt0\",setting=\"feature.rx-gro\"} 1", StringComparison.Ordinal), Soon), ns.Text());
        Assert.True(Sample(ns.Text(), "nictune_drift_events_total{outcome=\"reported\"}") > reported);
        Assert.Contains("nictune_profile_info{profile=\"e2e\"", ns.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void Api_calls_are_counted_by_method_and_code()
    {
        Nictune.IntegrationTests.Api.PythonGrpc.Require();
        using var ns = new MetricsAgent(mode: "observe");
        var socket = ns.Namespace.ApiSocket;

        Assert.Equal("OK", Nictune.IntegrationTests.Api.PythonGrpc.Call(socket, "GetStatus").Code);
        Assert.Equal("OK", Nictune.IntegrationTests.Api.PythonGrpc.Call(socket, "GetStatus").Code);
        // PlanProfile without a profile is the API's own INVALID_ARGUMENT (ApiBadInputTests).
        Assert.Equal("INVALID_ARGUMENT", Nictune.IntegrationTests.Api.PythonGrpc.Call(socket, "PlanProfile").Code);

        var text = ns.Text();
        Assert.Equal(2, Sample(text, "nictune_grpc_calls_total{method=\"/nictune.v1.Agent/GetStatus\",code=\"OK\"}"));
        Assert.Equal(1, Sample(text, "nictune_grpc_calls_total{method=\"/nictune.v1.Agent/PlanProfile\",code=\"INVALID_ARGUMENT\"}"));
    }

    [Fact]
    public void A_taken_metrics_port_is_logged_and_tuning_goes_on()
    {
        using var ns = new DaemonNamespace();
        var net = ns.Namespace;
        var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip")
        {
            ArgumentList = { "netns", "exec", net.Name, "/usr/bin/python3", "-c", $"import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', {MetricsAgent.Port}))\ns.listen()\nprint('bound', flush=True)\ntime.sleep(120)" },
            RedirectStandardOutput = true,
        })!;
        try
        {
            Assert.Equal("bound", holder.StandardOutput.ReadLine());
            var agent = ns.StartAgent(ns.WriteConfig(ns.Config() + $"\nmetrics:\n  listen: [\"127.0.0.1:{MetricsAgent.Port}\"]\n"));

            ns.Notify.WaitFor("READY=1", Poll.Boot);

            agent.WaitForLine($"Cannot serve metrics on 127.0.0.1:{MetricsAgent.Port}", Soon);
            Assert.Equal(DaemonNamespace.Wanted("vt0", "vt1"), ns.Managed("vt0", "vt1"));
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit(10_000);
            holder.Dispose();
        }
    }

    /// <summary>IPv6 pings to all nodes on the link, sent out of <paramref name="nic"/>: its peer receives them.</summary>
    private static void SendMulticast(NetNamespace net, string nic, int count)
    {
        // The link-local address is usable once duplicate address detection is over.
        Assert.True(Poll.Until(() => net.Exec("ping", "-6", "-c", "1", "-W", "1", $"ff02::1%{nic}").ExitCode == 0, Soon), $"no IPv6 on {nic}");
        net.CheckExec("ping", "-6", "-q", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", "0.002", "-W", "1", $"ff02::1%{nic}");
    }

    private static double RxPackets(string text, string device) => Sample(text, $"nictune_receive_packets_total{{device=\"{device}\"}}");

    /// <summary>The value of the sample written exactly as <paramref name="series"/>, or -1 when there is none.</summary>
    private static double Sample(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? -1 : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static double KernelRxPackets(NetNamespace net, string device)
    {
        using var json = JsonDocument.Parse(net.Ip("-s", "-j", "link", "show", "dev", device));
        return json.RootElement[0].GetProperty("stats64").GetProperty("rx").GetProperty("packets").GetDouble();
    }
}

using Xunit;

namespace Nictune.IntegrationTests.Tuning;

/// <summary>
/// plan, apply and rollback of the real binary against the real kernel, in a namespace the test owns,
/// cross-checked with the ethtool and sysctl binaries.
/// </summary>
public sealed class ApplyInNamespaceTests
{
    private const string TuneProfile = """
        name: veth-test
        description: changes veth offloads, channels, txqueuelen and per-netns sysctls
        sysctl:
          net.ipv4.tcp_rmem: "4096 131072 16777216"
          net.core.somaxconn: 8192
        interfaces:
          - match: { driver: [veth], name: "vt*" }
            features: { gro: on, tso: off }
            channels: { rx: 2, tx: 2 }
            txqueuelen: 5000
        """;

    [Fact]
    public void Apply_changes_features_channels_and_sysctls_as_ethtool_and_sysctl_show()
    {
        using var ns = new TuningNamespace();
        var profile = ns.WriteProfile("veth-test", TuneProfile);

        var result = ns.Nictune("apply", "--profile", profile, "--state-dir", ns.StateDir, "--json");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        foreach (var nic in new[] { "vt0", "vt1" })
        {
            Assert.Equal("on", ns.Feature(nic, "generic-receive-offload"));
            Assert.Equal("off", ns.Feature(nic, "tcp-segmentation-offload"));
            Assert.Equal("2", ns.Channels(nic, "RX"));
            Assert.Equal("2", ns.Channels(nic, "TX"));
            Assert.Equal("5000", ns.Namespace.CheckExec("cat", $"/sys/class/net/{nic}/tx_queue_len").Trim());
        }

        Assert.Equal("4096\t131072\t16777216", ns.Sysctl("net.ipv4.tcp_rmem"));
        Assert.Equal("8192", ns.Sysctl("net.core.somaxconn"));
    }

    [Fact]
    public void Plan_changes_nothing_and_lists_each_row()
    {
        using var ns = new TuningNamespace();
        var profile = ns.WriteProfile("veth-test", TuneProfile);
        var before = ns.Snapshot();

        var result = ns.Nictune("plan", "--profile", profile, "--state-dir", ns.StateDir, "--json");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("net.core.somaxconn", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("vt0", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
    }

    [Fact]
    public void Plan_caps_vm_min_free_kbytes_at_a_twentieth_of_MemTotal_and_says_it_is_host_global()
    {
        // Plan only: vm.min_free_kbytes is host-global even from this namespace, so the test never applies it.
        using var ns = new TuningNamespace();
        var profile = ns.WriteProfile("min-free", """
            name: min-free
            sysctl:
              vm.min_free_kbytes: 999999999
            """);
        var memTotal = long.Parse(
            File.ReadLines("/proc/meminfo").Single(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture);
        var cap = memTotal * 5 / 100;
        var before = File.ReadAllText("/proc/sys/vm/min_free_kbytes");

        var result = ns.Nictune("plan", "--profile", profile, "--state-dir", ns.StateDir, "--json");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var row = json.RootElement.GetProperty("plan").GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("key").GetProperty("name").GetString() == "vm.min_free_kbytes");
        Assert.Equal("clamped", row.GetProperty("action").GetString());
        Assert.Equal(cap.ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("desired").GetString());
        Assert.Contains("host-global", row.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText("/proc/sys/vm/min_free_kbytes"));
    }

    [Fact]
    public void A_step_the_kernel_refuses_rolls_back_every_earlier_change()
    {
        using var ns = new TuningNamespace();
        // Valid to the validator, refused by the kernel (min above max: EINVAL). Sysctls are written first, in profile
        // order, so the two before it are changed and must be undone; the device settings are never reached.
        // (Device-setting rollback is covered against fakes that fail at every step, in Nictune.Tests.)
        var profile = ns.WriteProfile("veth-fail", """
            name: veth-fail
            sysctl:
              net.core.somaxconn: 8192
              net.ipv4.tcp_slow_start_after_idle: 0
              net.ipv4.ip_local_port_range: "60000 50000"
            interfaces:
              - match: { driver: veth }
                features: { tso: off }
                channels: { rx: 1, tx: 1 }
                txqueuelen: 7000
            """);
        var before = ns.Snapshot();

        var result = ns.Nictune("apply", "--profile", profile, "--state-dir", ns.StateDir, "--json");

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        Assert.Contains("ip_local_port_range", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"rolled-back\"", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
    }

    [Fact]
    public void Rollback_to_baseline_restores_the_namespace_exactly()
    {
        using var ns = new TuningNamespace();
        var before = ns.Snapshot();
        var first = ns.WriteProfile("veth-test", TuneProfile);
        var second = ns.WriteProfile("veth-second", """
            name: veth-second
            sysctl:
              net.ipv4.tcp_slow_start_after_idle: 0
            interfaces:
              - match: { driver: veth }
                features: { gro: off }
                channels: { rx: 3, tx: 3 }
            """);

        Assert.Equal(0, ns.Nictune("apply", "--profile", first, "--state-dir", ns.StateDir).ExitCode);
        Assert.Equal(0, ns.Nictune("apply", "--profile", second, "--state-dir", ns.StateDir).ExitCode);
        var applied = ns.Snapshot();
        Assert.NotEqual(before, applied);

        var dryRun = ns.Nictune("rollback", "--to", "baseline", "--dry-run", "--state-dir", ns.StateDir, "--json");
        Assert.True(dryRun.ExitCode == 0, dryRun.Stdout + dryRun.Stderr);
        Assert.Contains("net.core.somaxconn", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(applied, ns.Snapshot());

        var result = ns.Nictune("rollback", "--to", "baseline", "--state-dir", ns.StateDir);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Equal(before, ns.Snapshot());
    }

    [Fact]
    public void An_at_least_sysctl_raises_the_fields_below_the_floor_and_keeps_the_larger_ones()
    {
        using var ns = new TuningNamespace();
        // An administrator's larger maximum, set in the namespace's own (per-netns) tcp_rmem.
        ns.Namespace.CheckExec("sysctl", "-w", "net.ipv4.tcp_rmem=4096 131072 33554432");
        var profile = ns.WriteProfile("veth-floor", """
            name: veth-floor
            sysctl:
              net.ipv4.tcp_rmem: { at-least: "4096 262144 16777216" }
            """);

        var result = ns.Nictune("apply", "--profile", profile, "--state-dir", ns.StateDir, "--json");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Equal("4096\t262144\t33554432", ns.Sysctl("net.ipv4.tcp_rmem"));
    }

    [Fact]
    public void Invalid_profile_is_exit_2_and_changes_nothing()
    {
        using var ns = new TuningNamespace();
        var profile = ns.WriteProfile("bad", """
            name: bad
            sysctl:
              net.core.somaxconn: 8192
            interfaces:
              - match: { driver: veth }
                ring: { rx: lots }
            """);
        var before = ns.Snapshot();

        var result = ns.Nictune("apply", "--profile", profile, "--state-dir", ns.StateDir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.yaml:6", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ring.rx", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, ns.Snapshot());
        Assert.False(File.Exists(Path.Join(ns.StateDir, "journal.json")));
    }
}

using System.Globalization;
using System.Text.Json;
using Xunit;

namespace Nictune.IntegrationTests.Guest;

/// <summary>
/// The .deb as a user runs it, on the real drivers: installed before the guest's systemd boots (as an image build
/// would), started by systemd at boot, reloaded with a changed profile, and removed with <c>apt remove</c>. One run of
/// the whole life cycle per guest; each test checks one step against <c>ethtool</c> and <c>sysctl</c> in the guest,
/// and against the snapshot guest-baseline.service took after systemd-sysctl and before nictune.service started.
/// </summary>
[Collection(GuestSerial.Name)]
public sealed class SystemdGuestTests(SystemdGuest fixture) : IClassFixture<SystemdGuest>
{
    private const string Unit = "nictune.service";

    /// <summary>The boot's wait for the unit is 4 minutes of this; apt and two snapshots take the rest.</summary>
    private static readonly TimeSpan LifecycleTimeout = TimeSpan.FromMinutes(9);

    /// <summary>
    /// The profile the reload switches to: a ring and a sysctl that <c>auto</c> leaves elsewhere, so the snapshot
    /// shows whether the reload applied it.
    /// </summary>
    private const string ReloadedProfile = """
        name: guest-reloaded
        sysctl:
          net.core.somaxconn: 8192
        interfaces:
          - match: { driver: vmxnet3 }
            ring: { rx: 2048 }
        """;

    [Fact]
    public void The_deb_installed_in_the_image_starts_at_boot_ready_before_network_pre_with_auto_applied()
    {
        var guest = Lifecycle();
        var unit = guest.Values("boot");
        Assert.True(unit["ActiveState"] == "active" && unit["SubState"] == "running", $"{Unit} at boot:\n{guest["boot"]}\n{guest["journal"]}");
        Assert.StartsWith("tuned ", unit["StatusText"], StringComparison.Ordinal);
        Assert.Contains("with profile auto:", unit["StatusText"], StringComparison.Ordinal);
        Assert.DoesNotContain("failed", unit["StatusText"], StringComparison.Ordinal);

        // Type=notify with Before=network-pre.target: the target is reached only after READY=1, the boot tune done.
        var ready = Monotonic(unit);
        var networkPre = Monotonic(guest.Values("network-pre"));
        Assert.True(ready > 0 && networkPre >= ready, $"{Unit} active at {ready} µs, network-pre.target at {networkPre} µs (monotonic)");

        // The boot tune applied auto: nothing is left to write, and the guest's tools show vmxnet3's rings and the
        // TCP buffer ceiling of the profile where the snapshot before nictune showed the driver's and kernel's own.
        using var plan = JsonDocument.Parse(guest["plan-booted"]);
        var writes = plan.RootElement.GetProperty("plan").GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("isWrite").GetBoolean()).ToList();
        Assert.True(writes.Count == 0, $"after the boot tune a plan of auto still writes: {string.Join('\n', writes)}");
        var vmxnet3 = Vmxnet3(guest);
        var (baseline, booted) = (guest["baseline"], guest["booted"]);
        Assert.Equal(("4096", "4096"), (Ring(booted, vmxnet3, "RX"), Ring(booted, vmxnet3, "RX Jumbo")));
        Assert.NotEqual("4096", Ring(baseline, vmxnet3, "RX"));
        Assert.Equal("16777216", Sysctl(booted, "net.ipv4.tcp_rmem")?.Split('\t', ' ')[^1]);
        Assert.NotEqual(Sysctl(baseline, "net.ipv4.tcp_rmem"), Sysctl(booted, "net.ipv4.tcp_rmem"));
    }

    [Fact]
    public void Systemctl_reload_applies_the_changed_profile_in_the_same_process()
    {
        var guest = Lifecycle();
        Assert.True(guest.Values("reload-exit")["exit"] == "0", $"systemctl reload {Unit}:\n{guest["reload"]}\n{guest["journal"]}");
        var (booted, reloaded) = (guest.Values("boot"), guest.Values("reloaded-unit"));
        Assert.Equal(("active", booted["MainPID"]), (reloaded["ActiveState"], reloaded["MainPID"]));
        Assert.Contains("with profile guest-reloaded:", reloaded["StatusText"], StringComparison.Ordinal);

        var snapshot = guest["reloaded"];
        Assert.Equal("2048", Ring(snapshot, Vmxnet3(guest), "RX"));
        Assert.Equal("8192", Sysctl(snapshot, "net.core.somaxconn"));
    }

    [Fact]
    public void Apt_remove_stops_the_agent_and_puts_back_every_value_from_before_it_started()
    {
        var guest = Lifecycle();
        Assert.True(guest.Values("remove-exit")["exit"] == "0", $"apt remove nictune:\n{guest["remove"]}");
        var removed = guest.Values("removed-unit");
        Assert.Equal(("inactive", "not-found", "absent"), (removed["ActiveState"], removed["LoadState"], removed["binary"]));

        // Both transactions undone (auto at boot, the reloaded profile after it): every ethtool -g/-l/-k/-c/-x line,
        // txqueuelen, MTU, RPS/XPS file, IRQ affinity and net.* sysctl as it was before nictune started.
        var before = Lines(guest["baseline"]);
        var after = Lines(guest["removed"]);
        Assert.True(before.Count > 0 && before.SequenceEqual(after),
            $"after apt remove, not as before nictune started:\nonly before:\n{string.Join('\n', before.Except(after))}\nonly after:\n{string.Join('\n', after.Except(before))}");
    }

    /// <summary>
    /// The whole life cycle, run once per guest. The unit is polled (a TCG boot on a loaded machine is slow) until
    /// systemd settles it; then the snapshot after the boot tune, a reload to <see cref="ReloadedProfile"/> and
    /// <c>apt remove</c>, each followed by a snapshot.
    /// </summary>
    private GuestSections Lifecycle() => new(fixture.RunOnce("systemd-lifecycle", $$"""
        {{GuestScripts.Snapshot}}
        for _ in $(seq 1200); do
          case $(systemctl show -P ActiveState {{Unit}}) in active|failed) break ;; esac
          sleep 0.2
        done
        echo "=== boot"; systemctl show -p ActiveState -p SubState -p StatusText -p MainPID -p ActiveEnterTimestampMonotonic {{Unit}}
        echo "=== network-pre"; systemctl show -p ActiveEnterTimestampMonotonic network-pre.target
        echo "=== baseline"; cat /run/io/baseline.out
        echo "=== booted"; snapshot
        echo "=== plan-booted"; nictune plan --profile auto --json 2>/dev/null
        mkdir -p /etc/nictune/profiles
        cat >/etc/nictune/profiles/guest-reloaded.yaml <<'EOF'
        {{ReloadedProfile}}
        EOF
        sed -i 's/^profile: auto$/profile: guest-reloaded/' /etc/nictune/agent.yaml
        echo "=== reload"; systemctl reload {{Unit}} 2>&1; code=$?; echo "=== reload-exit"; echo "exit=$code"
        echo "=== reloaded-unit"; systemctl show -p ActiveState -p StatusText -p MainPID {{Unit}}
        echo "=== reloaded"; snapshot
        echo "=== remove"; apt remove -y nictune 2>&1; code=$?; echo "=== remove-exit"; echo "exit=$code"
        echo "=== removed-unit"; systemctl show -p ActiveState -p LoadState {{Unit}}
        [ -e /usr/bin/nictune ] && echo binary=present || echo binary=absent
        echo "=== removed"; snapshot
        {{GuestScripts.Nics}}
        echo "=== journal"; journalctl -u {{Unit}} --no-pager -o cat | tail -n 60
        """, LifecycleTimeout).Output);

    private static string Vmxnet3(GuestSections guest) => Assert.Single(guest.Nics(), n => n.Driver == "vmxnet3").Name;

    private static string? Ring(string snapshot, string nic, string field) => QemuGuestTests.CurrentEthtool(snapshot, nic, "-g", field);

    private static string? Sysctl(string snapshot, string key) =>
        Lines(snapshot).FirstOrDefault(l => l.StartsWith(key + " = ", StringComparison.Ordinal))?[(key.Length + 3)..];

    private static long Monotonic(Dictionary<string, string> unit) =>
        long.Parse(unit["ActiveEnterTimestampMonotonic"], CultureInfo.InvariantCulture);

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}

using System.Diagnostics;
using System.Globalization;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Systemd;

/// <summary>
/// systemd/nictune.service as shipped, run by a real systemd: a minimal Debian booted in a systemd-nspawn container
/// with the published binary, the shipped profiles and the unit installed. The container is privileged and shares
/// this machine's kernel, so: units that write host-global kernel state are masked inside it
/// (<see cref="HostGlobalUnits"/>), the test profiles set only per-namespace values (the container's own network
/// namespace and veth), and the host-global sysctls a container can change are put back afterwards.
/// </summary>
public sealed class NictuneUnderSystemdTests : IDisposable
{
    private const string Unit = "nictune.service";
    private const string AgentYaml = "/etc/nictune/agent.yaml";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo _stage = Directory.CreateTempSubdirectory("nictune-nspawn-");
    private readonly string _name = "ntu-" + Guid.NewGuid().ToString("N")[..8];
    private FileStream? _machineLock;

    private string SystemDir => Path.Join(_stage.FullName, "system");

    private string EtcNictune => Path.Join(_stage.FullName, "nictune");

    [Fact]
    public void Boots_ready_before_network_pre_writes_through_its_sandbox_corrects_drift_and_reloads()
    {
        var root = Prepare();
        WriteProfiles();
        WriteAgentYaml("profile: nspawn-test\ndrift-interval: 2s\n");
        using var globals = HostGlobalSysctls.Record();
        using (var container = Boot(root))
        {
            // Type=notify: systemd calls the unit active only once READY=1 arrived; STATUS= is what it said.
            AssertRunning(container);
            var status = container.Property(Unit, "StatusText");
            Assert.StartsWith("tuned ", status, StringComparison.Ordinal);
            var ready = Monotonic(container, Unit);
            var networkPre = Monotonic(container, "network-pre.target");
            Assert.True(ready > 0 && networkPre > 0 && ready <= networkPre,
                $"nictune active at {ready} µs, network-pre.target at {networkPre} µs (monotonic)");

            // The boot tune went through the sandbox: the profile's values are in the container's namespace.
            Assert.Equal("8192", container.Check("sysctl -n net.core.somaxconn"));
            Assert.Equal("2000", container.Check("cat /sys/class/net/host0/tx_queue_len"));
            Assert.Equal("on", container.Check("ethtool -k host0 | sed -n 's/^generic-receive-offload: //p'"));

            AssertSandboxWritesOnlyWhatTuningWrites(container);

            // Drift: changed behind the agent's back, put back by the drift timer or the link event.
            container.Check("sysctl -q -w net.core.somaxconn=1024 && ip link set host0 txqueuelen 500");
            AssertBecomes(container, "sysctl -n net.core.somaxconn", "8192");
            AssertBecomes(container, "cat /sys/class/net/host0/tx_queue_len", "2000");

            // A good reload: RELOADING=1 then READY=1, and the new profile applied. PID 1 logs every notification
            // it receives at debug level.
            var mainPid = container.Property(Unit, "MainPID");
            container.Check("systemd-analyze log-level debug");
            var cursor = Cursor(container);
            WriteAgentYaml("profile: nspawn-test-reloaded\ndrift-interval: 2s\n");
            var reload = container.Run($"systemctl reload {Unit}", TimeSpan.FromSeconds(60));
            Assert.True(reload.ExitCode == 0, $"systemctl reload exited {reload.ExitCode}: {reload.Stderr}\n{Journal(container)}");
            AssertBecomes(container, "sysctl -n net.core.somaxconn", "4096");
            AssertReloadFramed(container, cursor);
            // Back to info: at debug level, a process PID 1 forks logs from init.scope before it execs, and journald
            // then files the exec'd program's own output under init.scope too, not under the unit.
            container.Check("systemd-analyze log-level info");

            // A bad reload fails where the operator sees it, names file, line and key, and changes nothing.
            WriteAgentYaml("profile: nspawn-test\ndrift-interval: soon\n");
            var bad = container.Run($"systemctl reload {Unit}", TimeSpan.FromSeconds(60));
            Assert.True(bad.ExitCode != 0, $"systemctl reload with an invalid {AgentYaml} exited 0");
            AssertJournalSays(container, $"{AgentYaml}:2:1: drift-interval: 'soon' is not a duration");
            Assert.Equal("active", container.Property(Unit, "ActiveState"));
            Assert.Equal(mainPid, container.Property(Unit, "MainPID"));
            Thread.Sleep(TimeSpan.FromSeconds(3)); // longer than the drift interval: nothing may follow the bad file
            Assert.Equal("4096", container.Check("sysctl -n net.core.somaxconn"));

            // A profile that does not exist fails the reload the same way.
            WriteAgentYaml("profile: no-such-profile\n");
            Assert.NotEqual(0, container.Run($"systemctl reload {Unit}", TimeSpan.FromSeconds(60)).ExitCode);
            AssertJournalSays(container, $"{AgentYaml}: profile: ");
            AssertJournalSays(container, "no-such-profile");
            Assert.Equal("active", container.Property(Unit, "ActiveState"));
        }

        // The test profiles set nothing global; only systemd's own fs.* raises may differ until the restore below.
        Assert.DoesNotContain(globals.Differences(), difference => !difference.StartsWith("/proc/sys/fs/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_watchdog_fires_when_the_agent_is_frozen_and_a_clean_stop_exits_0()
    {
        var root = Prepare();
        WriteProfiles();
        WriteAgentYaml("profile: nspawn-test\n");
        var dropIn = Directory.CreateDirectory(Path.Join(SystemDir, Unit + ".d"));
        File.WriteAllText(Path.Join(dropIn.FullName, "watchdog.conf"), "[Service]\nWatchdogSec=3s\n");
        using var globals = HostGlobalSysctls.Record();
        using var container = Boot(root);

        AssertRunning(container);
        Assert.Equal("3s", container.Property(Unit, "WatchdogUSec"));
        // Alive, it keeps the watchdog fed: still the same process well past one timeout.
        var mainPid = container.Property(Unit, "MainPID");
        Thread.Sleep(TimeSpan.FromSeconds(5));
        Assert.Equal(("active", mainPid, "0"), (container.Property(Unit, "ActiveState"), container.Property(Unit, "MainPID"), container.Property(Unit, "NRestarts")));

        // Frozen, it stops pinging, and systemd kills it with the watchdog signal.
        container.Check($"kill -STOP {mainPid}");
        Assert.True(
            Poll(() => container.Property(Unit, "Result") == "watchdog", Settle),
            $"no watchdog result after {Settle.TotalSeconds} s:\n{Journal(container)}");
        AssertJournalSays(container, "Watchdog timeout");

        // Restart=on-failure brings it back; then a clean stop ends it with exit status 0.
        Assert.True(
            Poll(() => container.Property(Unit, "ActiveState") == "active" && container.Property(Unit, "NRestarts") == "1", TimeSpan.FromSeconds(30)),
            $"not restarted after the watchdog:\n{Journal(container)}");
        container.Check($"systemctl stop {Unit}", TimeSpan.FromSeconds(120));
        Assert.Equal(
            ("inactive", "success", "1", "0"),
            (container.Property(Unit, "ActiveState"), container.Property(Unit, "Result"), container.Property(Unit, "ExecMainCode"), container.Property(Unit, "ExecMainStatus")));
    }

    public void Dispose()
    {
        _machineLock?.Dispose();
        _stage.Delete(recursive: true);
    }

    /// <summary>Checks the prerequisites, returns the cached root, and stages the unit as a package would install it.</summary>
    private string Prepare()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("systemd-nspawn");
        Prerequisite.RequireTool("nsenter");
        // The container has no .NET runtime: only the self-contained NativeAOT binary runs there.
        Prerequisite.Require(
            Environment.GetEnvironmentVariable("NICTUNE_BIN") is { Length: > 0 } bin && File.Exists(bin),
            "NICTUNE_BIN set to the published NativeAOT nictune (tests/run.sh sets it)");
        var root = DebianRoot.Ensure();
        _machineLock = MachineLock.Acquire(HostGlobalUnits.MachineLockFile, TimeSpan.FromMinutes(5));

        Directory.CreateDirectory(Path.Join(SystemDir, "multi-user.target.wants"));
        File.Copy(Path.Join(NictuneBinary.RepoRoot, "systemd", Unit), Path.Join(SystemDir, Unit));
        File.CreateSymbolicLink(Path.Join(SystemDir, "multi-user.target.wants", Unit), "../" + Unit);
        HostGlobalUnits.MaskIn(SystemDir);

        return root;
    }

    /// <summary>Test profiles: only settings that live in the container's own network namespace.</summary>
    private void WriteProfiles()
    {
        var profiles = Directory.CreateDirectory(Path.Join(EtcNictune, "profiles"));
        const string Interfaces = """
            interfaces:
              - match: { name: host0 }
                txqueuelen: 2000
                features: { gro: on }
                rps: { cpus: all, flow-count: 256 }
            """;
        File.WriteAllText(Path.Join(profiles.FullName, "nspawn-test.yaml"), $"""
            name: nspawn-test
            sysctl:
              net.core.somaxconn: 8192
              net.ipv4.tcp_slow_start_after_idle: 0
            {Interfaces}

            """);
        File.WriteAllText(Path.Join(profiles.FullName, "nspawn-test-reloaded.yaml"), $"""
            name: nspawn-test-reloaded
            sysctl:
              net.core.somaxconn: 4096
            {Interfaces}

            """);
    }

    private void WriteAgentYaml(string yaml) => File.WriteAllText(Path.Join(EtcNictune, "agent.yaml"), yaml);

    private NspawnContainer Boot(string root) =>
        NspawnContainer.Boot(root, _name,
        [
            (NictuneBinary.Path, "/usr/bin/nictune", false),
            (Path.Join(NictuneBinary.RepoRoot, "packaging", "profiles"), "/usr/lib/nictune/profiles", false),
            (SystemDir, "/etc/systemd/system", true),
            (EtcNictune, "/etc/nictune", true),
        ]);

    private static void AssertRunning(NspawnContainer container)
    {
        var state = container.Property(Unit, "ActiveState");
        Assert.True(state == "active", $"{Unit} is {state}:\n{Journal(container)}\n{container.Output}");
    }

    /// <summary>
    /// Every kind of path tuning writes is writable inside the unit's mount namespace, and the rest of /proc/sys and
    /// /sys is not. `test -w` is access(W_OK): as root it fails only on a read-only mount, which is what the sandbox
    /// uses. Nothing is written: /proc/irq belongs to the whole machine.
    /// </summary>
    private static void AssertSandboxWritesOnlyWhatTuningWrites(NspawnContainer container)
    {
        var irq = Directory.EnumerateDirectories("/proc/irq").Select(Path.GetFileName).FirstOrDefault(name => name!.All(char.IsAsciiDigit));
        Assert.NotNull(irq);
        string[] writable =
        [
            "/proc/sys/net/core/somaxconn", "/proc/sys/net/ipv4/tcp_rmem", "/proc/sys/vm/min_free_kbytes",
            $"/proc/irq/{irq}/smp_affinity_list", "/sys/class/net/host0/tx_queue_len",
            "/sys/class/net/host0/queues/rx-0/rps_cpus", "/sys/class/net/host0/queues/rx-0/rps_flow_cnt",
            "/sys/class/net/host0/queues/tx-0/xps_cpus", "/var/lib/nictune",
        ];
        string[] readOnly = ["/proc/sys/vm/swappiness", "/proc/sys/kernel/hostname", "/sys/kernel/mm", "/proc/sysrq-trigger", "/etc", "/usr"];
        var script = string.Join(
            "; ",
            writable.Select(path => $"test -w {path} && echo 'writable {path}' || echo 'read-only {path}'")
                .Concat(readOnly.Select(path => $"test -w {path} && echo 'writable {path}' || echo 'read-only {path}'")));
        var report = container.Check($"nsenter -t $(systemctl show -p MainPID --value {Unit}) -m -- /bin/sh -c \"{script}\"")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [.. writable.Select(path => $"writable {path}"), .. readOnly.Select(path => $"read-only {path}")],
            report);
    }

    private static void AssertBecomes(NspawnContainer container, string read, string expected) =>
        Assert.True(
            Poll(() => container.Check(read) == expected, Settle),
            $"`{read}` is {container.Check(read)}, not {expected}, after {Settle.TotalSeconds} s:\n{Journal(container)}");

    /// <summary>journald takes the unit's output through a stream: what was just printed may take a moment to show.</summary>
    private static void AssertJournalSays(NspawnContainer container, string text) =>
        Assert.True(
            Poll(() => Journal(container).Contains(text, StringComparison.Ordinal), Settle),
            $"the journal of {Unit} never said \"{text}\":\n{Journal(container)}");

    /// <summary>After the cursor, PID 1 received RELOADING=1 and then READY=1 from the agent.</summary>
    private static void AssertReloadFramed(NspawnContainer container, string cursor)
    {
        List<string> Notifications() =>
        [
            .. container.Check($"journalctl --no-pager -o cat _PID=1 --after-cursor='{cursor}'")
                .Split('\n')
                .Where(line => line.StartsWith($"{Unit}: Got notification message from PID ", StringComparison.Ordinal)
                    && !line.EndsWith("(WATCHDOG=1)", StringComparison.Ordinal)),
        ];
        var framed = Poll(
            () => Notifications() is var seen
                && seen.FindIndex(line => line.Contains("(RELOADING=1", StringComparison.Ordinal)) is >= 0 and var reloading
                && seen.FindIndex(reloading, line => line.Contains("(READY=1", StringComparison.Ordinal)) > reloading,
            Settle);
        Assert.True(framed, $"no RELOADING=1 followed by READY=1 from the agent:\n{string.Join('\n', Notifications())}");
    }

    private static string Cursor(NspawnContainer container) =>
        container.Check("journalctl --no-pager -n 0 --show-cursor").Split("cursor: ")[^1].Trim();

    private static string Journal(NspawnContainer container) =>
        container.Run($"journalctl --no-pager -o short-monotonic -u {Unit}").Stdout;

    private static long Monotonic(NspawnContainer container, string unit) =>
        long.Parse(container.Property(unit, "ActiveEnterTimestampMonotonic"), CultureInfo.InvariantCulture);

    private static bool Poll(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= timeout)
            {
                return false;
            }

            Thread.Sleep(TimeSpan.FromMilliseconds(250));
        }

        return true;
    }
}

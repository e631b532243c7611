using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Tuning;

/// <summary>
/// Under a read-only /proc/sys and /sys (a container's, or a unit's ProtectKernelTunables=), the settings behind them
/// are found read-only at plan time (statvfs ST_RDONLY) and planned unsupported: no write is tried, and the
/// settings that go through ethtool ioctls are applied. The mounts are remounted read-only inside a private mount
/// namespace of the test's network namespace (unshare -m), so nothing outside it sees them.
/// </summary>
public sealed class ReadOnlyMountTests
{
    [Fact]
    public void Settings_on_a_read_only_mount_are_planned_unsupported_and_the_rest_is_applied()
    {
        Prerequisite.RequireTool("unshare");
        using var ns = new TuningNamespace();
        var profile = ns.WriteProfile("veth-ro", """
            name: veth-ro
            sysctl:
              net.core.somaxconn: 8192
            interfaces:
              - match: { driver: veth, name: "vt*" }
                features: { tso: off }
                txqueuelen: 5000
            """);
        var before = ns.Sysctl("net.core.somaxconn");
        var script = "mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys && mount -o remount,bind,ro /sys && exec \"$@\"";

        var result = ns.Namespace.Exec(
            ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", NictuneBinary.Path, "apply", "--profile", profile, "--state-dir", ns.StateDir, "--json"],
            environment: null,
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        Assert.Contains("read-only: /proc/sys/net/core/somaxconn is on a read-only mount", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("read-only: /sys/class/net/vt0/tx_queue_len is on a read-only mount", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("EROFS", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, ns.Sysctl("net.core.somaxconn"));
        Assert.Equal("off", ns.Feature("vt0", "tcp-segmentation-offload"));
        Assert.NotEqual("5000", ns.Namespace.CheckExec("cat", "/sys/class/net/vt0/tx_queue_len").Trim());
    }
}

using Xunit;

namespace Nictune.IntegrationTests.Tuning;

/// <summary>
/// One baseline entry that can no longer be restored (its veth was deleted and re-created with one rx queue, so
/// "rx 4" no longer fits) is skipped and reported; the rest of the baseline is restored and the exit code is 0.
/// </summary>
public sealed class StaleBaselineTests
{
    [Fact]
    public void Rollback_to_baseline_skips_an_entry_the_device_can_no_longer_hold_and_restores_the_rest()
    {
        using var ns = new TuningNamespace();
        var somaxconn = ns.Sysctl("net.core.somaxconn");
        var profile = ns.WriteProfile("veth-stale", """
            name: veth-stale
            sysctl:
              net.core.somaxconn: 8192
            interfaces:
              - match: { driver: veth, name: "vt*" }
                channels: { rx: 2 }
            """);
        var apply = ns.Nictune("apply", "--profile", profile, "--state-dir", ns.StateDir);
        Assert.True(apply.ExitCode == 0, apply.Stdout + apply.Stderr);
        Assert.Equal(("8192", "2"), (ns.Sysctl("net.core.somaxconn"), ns.Channels("vt0", "RX")));

        ns.Namespace.Ip("link", "del", "vt0");
        ns.Namespace.AddVethPair("vt0", "vt1", 1);

        var rollback = ns.Nictune("rollback", "--to", "baseline", "--state-dir", ns.StateDir, "--json");

        Assert.True(rollback.ExitCode == 0, $"exit {rollback.ExitCode}\n{rollback.Stdout}{rollback.Stderr}");
        Assert.Equal(somaxconn, ns.Sysctl("net.core.somaxconn"));
        Assert.Contains("skipped", rollback.Stdout, StringComparison.Ordinal);
        Assert.Contains("vt0 channels.rx", rollback.Stdout, StringComparison.Ordinal);
        Assert.Equal("1", ns.Channels("vt0", "RX"));
    }
}

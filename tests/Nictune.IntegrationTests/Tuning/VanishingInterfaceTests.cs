using Xunit;

namespace Nictune.IntegrationTests.Tuning;

/// <summary>
/// An interface deleted while <c>nictune apply</c> tunes it is gone: not a failure (exit 1) and never a failed
/// rollback (exit 3). The test hook pauses the real binary after its second write (somaxconn, then vt0's rx
/// channels); the veth is deleted during the pause, once the kernel shows both writes.
/// </summary>
public sealed class VanishingInterfaceTests
{
    private const string Profile = """
        name: veth-vanish
        sysctl:
          net.core.somaxconn: 8192
        interfaces:
          - match: { driver: veth, name: "vt*" }
            channels: { rx: 2 }
            features: { gro: on, tso: off }
            txqueuelen: 5000
        """;

    [Fact]
    public async Task An_apply_racing_ip_link_del_succeeds_and_a_recreated_interface_is_tuned()
    {
        using var ns = new TuningNamespace();
        var profile = ns.WriteProfile("veth-vanish", Profile);
        // The pause after the second write is the window in which vt0 goes: long enough for a loaded machine to see it open.
        var environment = new Dictionary<string, string?> { ["NICTUNE_TEST_PAUSE_AFTER_WRITE"] = "2:15000" };
        var apply = Task.Run(
            () => ns.Namespace.Exec([Nictune.Testing.NictuneBinary.FaultHookPath, "apply", "--profile", profile, "--state-dir", ns.StateDir, "--json"], environment, TimeSpan.FromSeconds(60)),
            TestContext.Current.CancellationToken);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(ns.Sysctl("net.core.somaxconn") == "8192" && ns.Channels("vt0", "RX") == "2") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal("2", ns.Channels("vt0", "RX"));
        ns.Namespace.Ip("link", "del", "vt0");
        var result = await apply;

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        Assert.Contains("\"gone\"", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("8192", ns.Sysctl("net.core.somaxconn"));
        Assert.False(File.Exists(Path.Join(ns.StateDir, "journal.json")));

        // The same names again: a new device, tuned like any other.
        ns.Namespace.AddVethPair("vt0", "vt1", 4);
        var tuned = ns.Nictune("apply", "--profile", profile, "--state-dir", ns.StateDir);
        Assert.True(tuned.ExitCode == 0, tuned.Stdout + tuned.Stderr);
        Assert.Equal("2", ns.Channels("vt0", "RX"));
        Assert.Equal("off", ns.Feature("vt1", "tcp-segmentation-offload"));
    }
}

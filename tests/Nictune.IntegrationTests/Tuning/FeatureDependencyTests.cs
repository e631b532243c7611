using Xunit;

namespace Nictune.IntegrationTests.Tuning;

/// <summary>
/// TSO depends on tx checksumming: the kernel keeps TSO on as a pending wish while checksumming is off. Written one
/// feature at a time, <c>{tso: off, tx: off}</c> applied but could never be rolled back, and <c>{tso: on, tx: on}</c>
/// from both off never applied. Both directions, on a real veth, checked with the real ethtool.
/// </summary>
public sealed class FeatureDependencyTests
{
    private const string Tso = "tcp-segmentation-offload";
    private const string TxChecksum = "tx-checksum-ip-generic";

    private static string Profile(string state) => $$"""
        name: veth-features
        interfaces:
          - match: { driver: veth, name: "vt*" }
            features: { tso: {{state}}, tx: {{state}} }
        """;

    [Theory]
    [InlineData("previous")]
    [InlineData("baseline")]
    public void Tso_and_tx_off_apply_and_roll_back_together(string target)
    {
        using var ns = new TuningNamespace();
        var before = ns.Snapshot();
        Assert.Equal(("on", "on"), (ns.Feature("vt0", Tso), ns.Feature("vt0", TxChecksum)));
        var profile = ns.WriteProfile("veth-features", Profile("off"));

        var apply = ns.Nictune("apply", "--profile", profile, "--state-dir", ns.StateDir);
        Assert.True(apply.ExitCode == 0, apply.Stdout + apply.Stderr);
        Assert.Equal(("off", "off"), (ns.Feature("vt0", Tso), ns.Feature("vt0", TxChecksum)));

        var rollback = ns.Nictune("rollback", "--to", target, "--state-dir", ns.StateDir);
        Assert.True(rollback.ExitCode == 0, rollback.Stdout + rollback.Stderr);
        Assert.Equal(("on", "on"), (ns.Feature("vt0", Tso), ns.Feature("vt0", TxChecksum)));
        Assert.Equal(before, ns.Snapshot());
    }

    [Fact]
    public void Tso_and_tx_on_apply_together_from_both_off()
    {
        using var ns = new TuningNamespace();
        foreach (var nic in new[] { "vt0", "vt1" })
        {
            ns.Ethtool("-K", nic, "tso", "off", "tx", "off");
        }

        var before = ns.Snapshot();
        var profile = ns.WriteProfile("veth-features", Profile("on"));

        var apply = ns.Nictune("apply", "--profile", profile, "--state-dir", ns.StateDir);
        Assert.True(apply.ExitCode == 0, apply.Stdout + apply.Stderr);
        Assert.Equal(("on", "on"), (ns.Feature("vt1", Tso), ns.Feature("vt1", TxChecksum)));

        var rollback = ns.Nictune("rollback", "--to", "previous", "--state-dir", ns.StateDir);
        Assert.True(rollback.ExitCode == 0, rollback.Stdout + rollback.Stderr);
        Assert.Equal(before, ns.Snapshot());
    }
}

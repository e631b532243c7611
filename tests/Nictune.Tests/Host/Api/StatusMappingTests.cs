using Nictune.Core.Status;
using Nictune.Core.Transactions;
using Nictune.Protocol.Api.Mapping;
using Nictune.Protocol.Api.V1;
using Xunit;
using CoreDrifted = Nictune.Core.Transactions.DriftedSetting;
using CoreSettingStatus = Nictune.Core.Transactions.SettingStatus;
using CoreSource = Nictune.Core.Status.ProfileSource;
using WireSource = Nictune.Protocol.Api.V1.ProfileSource;

namespace Nictune.Tests.Host.Api;

/// <summary>Issue 24 §5: GetStatus's answer is built in Protocol from the view the daemon fills.</summary>
public sealed class StatusMappingTests
{
    [Theory]
    [InlineData(CoreSource.None, WireSource.None)]
    [InlineData(CoreSource.Auto, WireSource.Auto)]
    [InlineData(CoreSource.Configured, WireSource.Configured)]
    [InlineData(CoreSource.Pushed, WireSource.Pushed)]
    [InlineData(CoreSource.Applied, WireSource.Applied)]
    public void EverySourceHasItsWireValue(CoreSource source, WireSource wire) =>
        Assert.Equal(wire, StatusMapping.ToWire(source));

    [Fact]
    public void TheViewReachesTheWireFieldByField()
    {
        var finished = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var view = new StatusView(
            "1.2.3",
            "kvm",
            "/var/lib/nictune",
            "virtio-throughput",
            CoreSource.Pushed,
            7,
            Observing: true,
            TimeSpan.FromSeconds(90),
            BootTuneDone: true,
            41,
            new LastTransaction("tx1", finished, "apply", TransactionOutcome.Succeeded, TimeSpan.FromSeconds(2), new Dictionary<CoreSettingStatus, int> { [CoreSettingStatus.Applied] = 3 }, "ok"),
            [new CoreDrifted("eth0", "ring.rx", "256", "1024"), new CoreDrifted(null, "net.core.somaxconn", null, "4096")],
            [new AgentCondition("Applied", false, "ObserveMode", "observe mode writes nothing")],
            [new AdaptiveRingStatus("eth0", "ring.rx", "suggested", "256", null, 12.5, "observe mode", null)]);

        var wire = StatusMapping.ToWire(view);

        Assert.Equal(("1.2.3", "kvm", "/var/lib/nictune"), (wire.Version, wire.Hypervisor, wire.StateDir));
        Assert.Equal(new ActiveProfile { Name = "virtio-throughput", Source = WireSource.Pushed, Generation = 7 }, wire.ActiveProfile);
        Assert.Equal(Mode.Observe, wire.Mode);
        Assert.Equal(90, wire.Uptime.Seconds);
        Assert.True(wire.BootTuneDone);
        Assert.Equal(41UL, wire.LastEventSequence);
        Assert.Equal(("tx1", "apply", Outcome.Succeeded, 3), (wire.LastTransaction.Id, wire.LastTransaction.Verb, wire.LastTransaction.Outcome, wire.LastTransaction.Counts["applied"]));
        Assert.Equal(finished.AddSeconds(-2), wire.LastTransaction.StartedAt.ToDateTimeOffset());
        Assert.Equal(["eth0 ring.rx 256 1024", " net.core.somaxconn  4096"], wire.Drifted.Select(d => $"{d.Interface} {d.Key} {d.Current} {d.Desired}"));
        Assert.Equal(new Condition { Type = "Applied", Status = false, Reason = "ObserveMode", Message = "observe mode writes nothing" }, Assert.Single(wire.Conditions));
        var ring = Assert.Single(wire.Adaptive);
        Assert.Equal(("eth0", "suggested", 0L, 12.5, string.Empty), (ring.Interface, ring.State, ring.Value, ring.DropsPerSecond, ring.ProfileLine));
    }

    [Fact]
    public void NothingEnforcedInEnforceModeIsEmptyNotNull()
    {
        var wire = StatusMapping.ToWire(new StatusView("v", "none", "/s", null, CoreSource.None, 0, false, TimeSpan.Zero, false, 0, null, [], [], []));

        Assert.Equal((string.Empty, WireSource.None, Mode.Enforce), (wire.ActiveProfile.Name, wire.ActiveProfile.Source, wire.Mode));
        Assert.Null(wire.LastTransaction);
    }

    [Theory]
    [InlineData(0, "nothing to change: every setting already holds the profile's value")]
    [InlineData(4, "4 setting(s) would change (observe mode: nothing was written)")]
    public void APassWithoutATransactionSaysWhy(int changed, string message)
    {
        var wire = TransactionMapping.OfPass(null, "virtio-throughput", changed);

        Assert.Equal(("apply", "apply virtio-throughput", Outcome.NoChanges, 0, message), (wire.Verb, wire.Description, wire.Outcome, wire.ExitCode, wire.Message));
        Assert.Empty(wire.Settings);
    }
}

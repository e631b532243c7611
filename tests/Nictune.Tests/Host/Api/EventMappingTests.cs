using Nictune.Core.Transactions;
using Nictune.Host.Cli;
using Nictune.Host.Daemon.Api;
using Nictune.Host.Daemon.Events;
using Nictune.Protocol.Api.V1;
using Xunit;

namespace Nictune.Tests.Host.Api;

public sealed class EventMappingTests
{
    [Theory]
    [InlineData(DriftOutcome.Corrected, EventKind.DriftCorrected, "drift-corrected")]
    [InlineData(DriftOutcome.Failed, EventKind.DriftCorrected, "drift-corrected")]
    [InlineData(DriftOutcome.SetAside, EventKind.DriftSetAside, "drift-set-aside")]
    public void A_drift_the_kernel_refused_for_good_is_its_own_event_not_a_correction(DriftOutcome outcome, EventKind kind, string cli)
    {
        var wire = EventMapping.ToWire(new AgentEvent(7, DateTimeOffset.UnixEpoch, new DriftCorrected("vt0", "feature.tx-tcp-segmentation", "on", "off", outcome)));

        Assert.Equal(kind, wire.Kind);
        Assert.Equal(DriftOutcomes.Word(outcome), wire.Fields["Outcome"]);
        Assert.Equal(cli, EventsCommand.Kind(wire.Kind));
    }

    [Theory]
    [InlineData(EventKind.GuardFailed, "guard-failed")]
    [InlineData(EventKind.UnconfirmedReverted, "unconfirmed-reverted")]
    [InlineData(EventKind.ChangeConfirmed, "change-confirmed")]
    [InlineData(EventKind.AdaptiveOverlayCleared, "adaptive-overlay-cleared")]
    public void The_cli_names_every_kind_after_its_proto_name(EventKind kind, string cli) =>
        Assert.Equal(cli, EventsCommand.Kind(kind));

    [Fact]
    public void No_kind_in_the_contract_prints_as_a_bare_event() =>
        Assert.All(Enum.GetValues<EventKind>(), kind => Assert.NotEqual("event", EventsCommand.Kind(kind)));
}

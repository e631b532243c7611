using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Protocol.Api.Mapping;
using Xunit;
using WireStatus = Nictune.Protocol.Api.V1.SettingStatus;

namespace Nictune.Tests.Host.Api;

/// <summary>Issue 24 §2: the wire carries every status the engine has, so the CLI through the agent shows what it shows locally.</summary>
public sealed class TransactionMappingTests
{
    /// <summary>Every engine status, and the two a failed rollback leaves: a changed setting and a failed one not restored.</summary>
    public static TheoryData<SettingStatus, bool> Outcomes()
    {
        var data = new TheoryData<SettingStatus, bool>();
        foreach (var status in Enum.GetValues<SettingStatus>())
        {
            data.Add(status, status == SettingStatus.RollbackFailed);
        }

        data.Add(SettingStatus.Failed, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void A_setting_s_outcome_comes_back_from_the_wire_as_it_went(SettingStatus status, bool notRestored)
    {
        var outcome = new SettingOutcome(SettingKey.Interface("eth0", "ring.rx"), status, "256", "4096", "1024", 5, "a message", notRestored);

        var wire = TransactionMapping.ToWire(outcome);

        Assert.NotEqual(WireStatus.Unspecified, wire.Status);
        Assert.Equal(outcome, TransactionMapping.FromWire(wire));
    }

    [Fact]
    public void Each_engine_status_has_its_own_wire_status_and_word()
    {
        var statuses = Enum.GetValues<SettingStatus>();
        var words = statuses.Select(s => TransactionMapping.StatusName(s)).ToList();

        Assert.Equal(statuses.Length, words.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("gone", words);
        Assert.Contains("skipped", words);
    }

    [Fact]
    public void The_status_summary_counts_by_wire_word_and_takes_the_transaction_s_exit_code()
    {
        var finished = new DateTimeOffset(2026, 12, 7, 17, 0, 0, TimeSpan.Zero);
        var counts = new Dictionary<SettingStatus, int> { [SettingStatus.Adjusted] = 2, [SettingStatus.Gone] = 1, [SettingStatus.RollbackFailed] = 3 };

        var summary = TransactionMapping.Summarize("t1", "apply", TransactionOutcome.RollbackFailed, finished, TimeSpan.FromSeconds(2), counts, "m");

        Assert.Equal(new Dictionary<string, int> { ["clamped"] = 2, ["gone"] = 1, ["left-changed"] = 3 }, summary.Counts);
        Assert.Equal(3, summary.ExitCode);
        Assert.Equal(finished.AddSeconds(-2), summary.StartedAt.ToDateTimeOffset());
    }

    /// <summary>Issue 25: a pass that applied the rest without a refused setting is not "succeeded" anywhere.</summary>
    [Fact]
    public void A_transaction_that_left_settings_out_is_partial_on_the_wire_with_exit_code_5_and_names_each_with_its_errno()
    {
        var refused = new SettingOutcome(SettingKey.Sysctl("net.ipv4.ip_local_port_range"), SettingStatus.Failed, "50000 60000", "40000 60000", "50000 60000", Errnos.EINVAL, "write failed");
        var applied = new SettingOutcome(SettingKey.Interface("eth0", "txqueuelen"), SettingStatus.Applied, "1000", "5000", "5000", null, "applied");
        var result = new TransactionResult("t", TransactionKind.Apply, "apply web", TransactionOutcome.Succeeded, [applied], "1 setting(s) applied", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)
            .LeavingOut([refused]);

        var wire = TransactionMapping.ToWire(result);

        Assert.Equal(Nictune.Protocol.Api.V1.Outcome.Partial, wire.Outcome);
        Assert.Equal(5, wire.ExitCode);
        var row = Assert.Single(wire.NotInForce);
        Assert.Equal(("net.ipv4.ip_local_port_range", 22, "40000 60000"), (row.Key, row.Errno, row.Desired));
        Assert.Contains("the kernel refused sysctl net.ipv4.ip_local_port_range 40000 60000 (EINVAL)", wire.Message, StringComparison.Ordinal);
        var back = TransactionMapping.FromWire(wire);
        Assert.Equal(TransactionOutcome.Partial, back.Outcome);
        Assert.Equal([refused], back.NotInForce!);
        Assert.Equal(5, back.ExitCode);
    }

    [Fact]
    public void A_failed_transaction_keeps_its_outcome_and_nothing_refused_keeps_success()
    {
        var refused = new SettingOutcome(SettingKey.Sysctl("net.core.somaxconn"), SettingStatus.Failed, "1", "2", "1", Errnos.EPERM, "no");
        var failed = new TransactionResult("t", TransactionKind.Apply, "d", TransactionOutcome.FailedRolledBack, [], "m", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var succeeded = failed with { Outcome = TransactionOutcome.Succeeded };

        Assert.Same(failed, failed.LeavingOut([refused]));
        Assert.Same(succeeded, succeeded.LeavingOut([]));
    }

    [Fact]
    public void A_pass_that_ran_no_transaction_because_only_set_aside_settings_differ_is_partial_too()
    {
        var refused = new SettingOutcome(SettingKey.Interface("eth0", "feature.tx-tcp-segmentation"), SettingStatus.Failed, "on", "off", "on", Errnos.EPERM, "no");

        var none = TransactionMapping.OfPass(null, "web", 0);
        var partial = TransactionMapping.OfPass(null, "web", 0, [refused]);

        Assert.Equal((Nictune.Protocol.Api.V1.Outcome.NoChanges, 0), (none.Outcome, none.ExitCode));
        Assert.Null(none.StartedAt);
        Assert.Equal((Nictune.Protocol.Api.V1.Outcome.Partial, 5), (partial.Outcome, partial.ExitCode));
        Assert.Equal("feature.tx-tcp-segmentation", Assert.Single(partial.NotInForce).Key);
        Assert.Contains("(EPERM)", partial.Message, StringComparison.Ordinal);
    }
}

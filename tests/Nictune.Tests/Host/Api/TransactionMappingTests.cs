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
}

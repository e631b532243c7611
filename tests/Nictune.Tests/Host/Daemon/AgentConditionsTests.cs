using Nictune.Core.Status;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Status;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>Applied, Degraded and Drifted from the status snapshot, as docs/fleet.md defines them.</summary>
public sealed class AgentConditionsTests
{
    private static readonly DriftedSetting Gro = new("vt0", "feature.rx-gro", "off", "on");

    [Fact]
    public void A_profile_the_kernel_holds_is_applied_and_nothing_else()
    {
        var conditions = Of(Status());

        Assert.Equal([("Applied", true, "ProfileApplied"), ("Degraded", false, "AsExpected"), ("Drifted", false, "NoDrift")], conditions);
    }

    [Fact]
    public void No_transaction_since_start_is_applied_when_the_kernel_already_held_everything()
    {
        Assert.Equal(("Applied", true, "ProfileApplied"), Of(Status(last: null))[0]);
    }

    [Fact]
    public void Before_the_boot_tune_has_finished_nothing_is_applied_and_nothing_is_degraded()
    {
        var conditions = Of(Status(last: null, bootDone: false));

        Assert.Equal(("Applied", false, "BootTuneInProgress"), conditions[0]);
        Assert.False(conditions[1].Status);
    }

    [Theory]
    [InlineData(TransactionOutcome.FailedRolledBack, "TransactionFailed")]
    [InlineData(TransactionOutcome.RollbackFailed, "RollbackFailed")]
    public void A_failed_last_transaction_is_degraded_and_not_applied(TransactionOutcome outcome, string reason)
    {
        var conditions = Of(Status(last: Last(outcome)));

        Assert.Equal(("Applied", false, "TransactionFailed"), conditions[0]);
        Assert.Equal(("Degraded", true, reason), conditions[1]);
        Assert.False(conditions[2].Status);
    }

    [Fact]
    public void A_later_successful_transaction_clears_degraded()
    {
        Assert.False(Of(Status(last: Last(TransactionOutcome.Succeeded)))[1].Status);
        Assert.False(Of(Status(last: Last(TransactionOutcome.NoChanges)))[1].Status);
    }

    [Fact]
    public void Drift_left_while_enforcing_is_drifted_and_degraded()
    {
        var conditions = Of(Status(drifted: [Gro]));

        Assert.Equal([("Applied", false, "SettingsDrifted"), ("Degraded", true, "CorrectionFailed"), ("Drifted", true, "SettingsDrifted")], conditions);
    }

    [Fact]
    public void Drift_seen_in_observe_mode_is_drifted_but_not_degraded()
    {
        var conditions = Of(Status(mode: AgentMode.Observe, drifted: [Gro], last: null));

        Assert.Equal([("Applied", false, "ObserveMode"), ("Degraded", false, "AsExpected"), ("Drifted", true, "SettingsDrifted")], conditions);
    }

    [Fact]
    public void Settings_set_aside_are_degraded_even_when_the_pass_succeeded_without_them()
    {
        var conditions = Of(Status(setAside: [SettingKey.Interface("vt0", "feature.tx-tcp-segmentation"), SettingKey.Sysctl("net.core.somaxconn")]));

        Assert.Equal([("Applied", false, "SettingsSetAside"), ("Degraded", true, "SettingsSetAside"), ("Drifted", false, "SettingsSetAside")], conditions);
    }

    [Fact]
    public void Drifted_names_the_settings_set_aside_instead_of_saying_every_setting_holds_its_value()
    {
        var few = Status(setAside: [SettingKey.Interface("vt0", "feature.tx-tcp-segmentation")]).Conditions[2];
        var many = Status(setAside: [.. Enumerable.Range(0, 8).Select(i => SettingKey.Interface($"vt{i}", "ring.rx"))]).Conditions[2];

        Assert.False(few.Status);
        Assert.DoesNotContain("every managed setting", few.Message, StringComparison.Ordinal);
        Assert.EndsWith(": vt0 feature.tx-tcp-segmentation", few.Message, StringComparison.Ordinal);
        Assert.EndsWith(": vt0 ring.rx, vt1 ring.rx, vt2 ring.rx, vt3 ring.rx, vt4 ring.rx and 3 more", many.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_rollback_through_the_agent_nothing_is_enforced_so_nothing_is_applied()
    {
        var conditions = Of(Status(profile: null, source: ProfileSource.None));

        Assert.Equal(("Applied", false, "NothingEnforced"), conditions[0]);
        Assert.False(conditions[1].Status);
    }

    [Fact]
    public void The_drifted_message_names_the_settings_and_counts_the_rest()
    {
        var many = Enumerable.Range(0, 7).Select(i => new DriftedSetting($"vt{i}", "txqueuelen", "1000", "5000")).ToList();

        var drifted = Status(mode: AgentMode.Observe, drifted: many).Conditions[2];

        Assert.StartsWith("vt0 txqueuelen is 1000, wanted 5000, vt1 txqueuelen", drifted.Message, StringComparison.Ordinal);
        Assert.EndsWith("and 2 more", drifted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pushed_profile_that_cannot_be_used_is_degraded_and_not_applied_with_the_reason()
    {
        const string problem = "/var/lib/nictune/pushed/x.yaml: the pushed profile is invalid (1 problem(s), the first at line 2)";
        var status = Status(profile: null, source: ProfileSource.None) with { Pushed = new PushedStatus(4, "x", "name: x\n", problem) };

        Assert.Equal(
            [("Applied", false, AgentConditions.PushedProfileUnusable), ("Degraded", true, AgentConditions.PushedProfileUnusable), ("Drifted", false, "NoDrift")],
            Of(status));
        Assert.Equal($"nothing is enforced: {problem}", status.Conditions[1].Message);
    }

    private static List<(string Type, bool Status, string Reason)> Of(AgentStatus status) => [.. status.Conditions.Select(c => (c.Type, c.Status, c.Reason))];

    private static LastTransaction Last(TransactionOutcome outcome) =>
        new("tx-1", DateTimeOffset.UnixEpoch, "apply", outcome, TimeSpan.FromMilliseconds(20), new Dictionary<SettingStatus, int>(), "ring.rx: EINVAL");

    private static AgentStatus Status(
        string? profile = "e2e",
        ProfileSource source = ProfileSource.Pushed,
        AgentMode mode = AgentMode.Enforce,
        LastTransaction? last = null,
        IReadOnlyList<DriftedSetting>? drifted = null,
        bool bootDone = true,
        IReadOnlyList<SettingKey>? setAside = null) =>
        new(profile, source, 3, mode, last, drifted ?? [], DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1), bootDone, 10, setAside);
}

using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Planning;

/// <summary>
/// vm.min_free_kbytes is the one host-global setting a profile may change: the planner bounds it at 5% of MemTotal,
/// never lowers what is already above the bound, refuses without a known MemTotal, and says on every row that it is
/// host-global (issue 9, "Smaller").
/// </summary>
public sealed class MinFreeKbytesCapTests
{
    private const string Key = SysctlKey.MinFreeKbytes;

    // 4 GiB of memory: the cap is 5% of 4,194,304 kB.
    private const long MemTotal = 4_194_304;
    private const string Cap = "209715";

    private static PlanRow PlanOne(string current, string value, long? memTotal = MemTotal, bool atLeast = false)
    {
        var store = new FakeSettingStore().Set(SettingKey.Sysctl(Key), current);
        var profile = Profile(new Dictionary<string, string> { [Key] = value }) with
        {
            SysctlAtLeast = atLeast ? new HashSet<string>(StringComparer.Ordinal) { Key } : new HashSet<string>(StringComparer.Ordinal),
        };
        var plan = Planner.Plan(profile, Inventory(), new HostFacts([0, 1], false, memTotal), store);
        return Assert.Single(plan.Rows);
    }

    [Fact]
    public void A_value_under_the_cap_is_written_as_asked_and_the_row_says_it_is_host_global()
    {
        var row = PlanOne("67584", "131072");

        Assert.Equal(PlanAction.Change, row.Action);
        Assert.Equal("131072", row.Desired);
        Assert.Contains("host-global", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unchanged_value_still_says_it_is_host_global()
    {
        var row = PlanOne("131072", "131072");

        Assert.Equal(PlanAction.Unchanged, row.Action);
        Assert.Contains("host-global", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_above_five_percent_of_memory_is_clamped_to_the_cap()
    {
        var row = PlanOne("67584", "1048576");

        Assert.Equal(PlanAction.Clamped, row.Action);
        Assert.Equal(Cap, row.Desired);
        Assert.Equal("1048576", row.Requested);
        Assert.Contains($"above the cap of {Cap} kB (5% of MemTotal)", row.Reason, StringComparison.Ordinal);
        Assert.Contains("host-global", row.Reason, StringComparison.Ordinal);
        Assert.True(row.IsWrite);
    }

    [Fact]
    public void A_value_already_above_the_cap_is_never_lowered()
    {
        var row = PlanOne("300000", "1048576");

        Assert.Equal(PlanAction.Unchanged, row.Action);
        Assert.Equal("300000", row.Desired);
        Assert.False(row.IsWrite);
        Assert.Contains("already holds 300000", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_at_least_floor_above_the_cap_is_clamped_too()
    {
        var row = PlanOne("67584", "99999999", atLeast: true);

        Assert.Equal(PlanAction.Clamped, row.Action);
        Assert.Equal(Cap, row.Desired);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    public void Without_a_known_memory_size_nothing_is_written(long? memTotal)
    {
        var row = PlanOne("67584", "131072", memTotal);

        Assert.Equal(PlanAction.Unsupported, row.Action);
        Assert.Null(row.Desired);
        Assert.Contains("MemTotal", row.Reason, StringComparison.Ordinal);
        Assert.Contains("host-global", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_sysctls_have_no_cap_and_no_host_global_note()
    {
        var store = new FakeSettingStore().Set(SettingKey.Sysctl("net.core.somaxconn"), "4096");
        var plan = Planner.Plan(Profile(new Dictionary<string, string> { ["net.core.somaxconn"] = "99999999" }), Inventory(), new HostFacts([0], false, 1024), store);

        var row = Assert.Single(plan.Rows);
        Assert.Equal(PlanAction.Change, row.Action);
        Assert.DoesNotContain("host-global", row.Reason, StringComparison.Ordinal);
    }
}

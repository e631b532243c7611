using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Planning;

/// <summary>Raise-only sysctls: each field becomes max(current, floor); nothing is ever lowered.</summary>
public sealed class SysctlFloorPlannerTests
{
    private static readonly SettingKey TcpRmem = SettingKey.Sysctl("net.ipv4.tcp_rmem");

    private static Profile Floors(params (string Key, string Value)[] floors) => Profile(floors.ToDictionary(f => f.Key, f => f.Value)) with
    {
        SysctlAtLeast = floors.Select(f => f.Key).ToHashSet(StringComparer.Ordinal),
    };

    private static PlanRow PlanOne(string current, string floor, string key = "net.ipv4.tcp_rmem")
    {
        var store = new FakeSettingStore().Set(SettingKey.Sysctl(key), current);
        return Assert.Single(Planner.Plan(Floors((key, floor)), Inventory(), Facts(), store).Rows);
    }

    [Fact]
    public void Raises_only_the_fields_below_the_floor()
    {
        // The kernel prints vectors tab-separated; the admin raised the maximum, the default is below ours.
        var row = PlanOne("4096\t87380\t33554432", "4096 131072 16777216");

        Assert.Equal(PlanAction.Change, row.Action);
        Assert.Equal("4096\t87380\t33554432", row.Current);
        Assert.Equal("4096 131072 16777216", row.Requested);
        Assert.Equal("4096 131072 33554432", row.Desired);
        Assert.Equal("raised to at least 4096 131072 16777216", row.Reason);
    }

    [Fact]
    public void Every_field_already_higher_is_unchanged()
    {
        var row = PlanOne("8192\t262144\t33554432", "4096   131072 16777216");

        Assert.Equal(PlanAction.Unchanged, row.Action);
        Assert.Equal("8192 262144 33554432", row.Desired);
        Assert.Equal("4096   131072 16777216", row.Requested);
        Assert.Equal("already at least 4096 131072 16777216 (holds 8192 262144 33554432)", row.Reason);
    }

    [Fact]
    public void A_value_equal_to_the_floor_is_unchanged()
    {
        var row = PlanOne("4096\t131072\t16777216", "4096 131072 16777216");
        Assert.Equal((PlanAction.Unchanged, "already at least 4096 131072 16777216 (holds 4096 131072 16777216)"), (row.Action, row.Reason));
    }

    [Theory]
    [InlineData("1000", "2000", PlanAction.Change, "2000")]
    [InlineData("8000", "4000", PlanAction.Unchanged, "8000")]
    [InlineData("4294967295", "131072", PlanAction.Unchanged, "4294967295")]
    [InlineData("-1", "0", PlanAction.Change, "0")]
    [InlineData("18446744073709551615", "1", PlanAction.Unchanged, "18446744073709551615")]
    public void Scalar_floors(string current, string floor, PlanAction action, string desired)
    {
        var row = PlanOne(current, floor, "net.core.netdev_budget_usecs");
        Assert.Equal((action, desired), (row.Action, row.Desired));
    }

    [Fact]
    public void A_field_count_mismatch_is_unsupported_and_writes_nothing()
    {
        var row = PlanOne("4096\t131072", "4096 131072 16777216");

        Assert.Equal(PlanAction.Unsupported, row.Action);
        Assert.Null(row.Desired);
        Assert.False(row.IsWrite);
        Assert.Equal("at-least 4096 131072 16777216 has 3 field(s), but the kernel holds 2 (\"4096 131072\")", row.Reason);
    }

    [Fact]
    public void A_value_that_is_not_numeric_is_unsupported()
    {
        var row = PlanOne("cubic", "1", "net.ipv4.tcp_congestion_control");

        Assert.Equal((PlanAction.Unsupported, (string?)null), (row.Action, row.Desired));
        Assert.Equal("at-least needs a numeric value, but the kernel holds \"cubic\"", row.Reason);
    }

    [Fact]
    public void A_sysctl_absent_from_the_namespace_stays_unsupported()
    {
        var store = new FakeSettingStore().Unsupported(SettingKey.Sysctl("net.core.netdev_budget"), "absent in this network namespace");
        var row = Assert.Single(Planner.Plan(Floors(("net.core.netdev_budget", "600")), Inventory(), Facts(), store).Rows);
        Assert.Equal((PlanAction.Unsupported, "absent in this network namespace"), (row.Action, row.Reason));
    }

    [Fact]
    public void Exact_values_still_lower_and_keep_their_order_among_floors()
    {
        var store = new FakeSettingStore()
            .Set(SettingKey.Sysctl("net.ipv4.tcp_notsent_lowat"), "4294967295")
            .Set(TcpRmem, "4096\t131072\t33554432")
            .Set(SettingKey.Sysctl("net.core.somaxconn"), "4096");
        var profile = Profile(new Dictionary<string, string>
        {
            ["net.ipv4.tcp_notsent_lowat"] = "131072",
            ["net.ipv4.tcp_rmem"] = "4096 131072 16777216",
            ["net.core.somaxconn"] = "8192",
        }) with { SysctlAtLeast = new HashSet<string>(StringComparer.Ordinal) { "net.ipv4.tcp_rmem", "net.core.somaxconn" } };

        var plan = Planner.Plan(profile, Inventory(), Facts(), store);

        Assert.Equal(
            [
                ("net.ipv4.tcp_notsent_lowat", PlanAction.Change, "131072"),
                ("net.ipv4.tcp_rmem", PlanAction.Unchanged, "4096 131072 33554432"),
                ("net.core.somaxconn", PlanAction.Change, "8192"),
            ],
            plan.Rows.Select(r => (r.Key.Name, r.Action, r.Desired!)));
    }
}

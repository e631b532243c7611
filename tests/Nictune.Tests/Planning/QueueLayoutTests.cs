using Nictune.Core.Planning;
using Nictune.Core.Tuning;
using Nictune.Core.Transactions;
using Nictune.Tests.Simulators;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Planning;

public sealed class QueueLayoutTests
{
    private static SettingKey K(string name) => SettingKey.Interface("eth0", name);

    [Fact]
    public void Without_a_channel_write_the_counts_stay()
    {
        var rows = new[] { new PlanRow(K("ring.rx"), "1024", "2048", "2048", PlanAction.Change, "r") };

        var layout = QueueLayout.Of(Nic("eth0", "ena", queues: 4), rows, new FakeSettingStore());

        Assert.Equal(new QueueLayout(4, 4, 4, 4), layout);
    }

    [Fact]
    public void A_write_gives_its_desired_value_an_existing_row_its_current_value_and_only_missing_rows_are_read()
    {
        // The store disagrees with the rows: the rows win, and only channels.tx (no row) is read.
        var store = new FakeSettingStore().Nic("eth0", "channels.combined", "9").Nic("eth0", "channels.rx", "9").Nic("eth0", "channels.tx", "1");
        var rows = new[]
        {
            new PlanRow(K("channels.combined"), "4", "2", "2", PlanAction.Change, "r"),
            new PlanRow(K("channels.rx"), "1", "1", "1", PlanAction.Unchanged, "r"),
        };

        var layout = QueueLayout.Of(Nic("eth0", "ena", queues: 4), rows, store);

        Assert.Equal(new QueueLayout(4, 4, 3, 3), layout);
        Assert.Equal((3, 3), (layout.RxKept, layout.TxKept));
    }

    [Fact]
    public void Unreadable_channels_leave_the_counts_as_they_are()
    {
        var rows = new[] { new PlanRow(K("channels.combined"), "4", "0", "0", PlanAction.Change, "r") };

        var layout = QueueLayout.Of(Nic("eth0", "ena", queues: 4), rows, new FakeSettingStore());

        Assert.Equal(new QueueLayout(4, 4, 4, 4), layout);
    }

    [Fact]
    public void A_restore_that_shrinks_the_channels_keeps_steering_only_on_the_queues_that_remain()
    {
        var store = new FakeSettingStore().Nic("eth0", "channels.combined", "4", 8).Nic("eth0", "channels.rx", "0").Nic("eth0", "channels.tx", "0");
        for (var q = 0; q < 4; q++)
        {
            store.Nic("eth0", $"rps-cpus.rx-{q}", "f").Nic("eth0", $"xps-cpus.tx-{q}", "1");
        }

        var rows = RestorePlanner.Plan([(K("channels.combined"), "2")], Inventory(Nic("eth0", "ena", queues: 4)), store);

        Assert.Equal(["rps-cpus.rx-0", "rps-cpus.rx-1"], rows.Where(r => r.Key.Name.StartsWith("rps-", StringComparison.Ordinal)).Select(r => r.Key.Name));
        Assert.Equal(["xps-cpus.tx-0", "xps-cpus.tx-1"], rows.Where(r => r.Key.Name.StartsWith("xps-", StringComparison.Ordinal)).Select(r => r.Key.Name));
    }
}

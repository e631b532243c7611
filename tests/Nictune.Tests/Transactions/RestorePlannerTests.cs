using Nictune.Core.Planning;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Transactions;

public sealed class RestorePlannerTests
{
    [Fact]
    public void Interleaved_targets_are_planned_device_by_device_and_each_device_is_guarded_on_its_own_rows()
    {
        var store = new FakeSettingStore()
            .Nic("eth0", "ring.rx", "2048", 4096).Nic("eth0", "txqueuelen", "5000").Nic("eth0", "rps-cpus.rx-0", "f")
            .Nic("eth1", "ring.rx", "2048", 4096).Nic("eth1", "rps-cpus.rx-0", "3")
            .Set(SettingKey.Sysctl("net.core.somaxconn"), "8192");
        (SettingKey, string)[] targets =
        [
            (SettingKey.Interface("eth1", "ring.rx"), "1024"),
            (SettingKey.Sysctl("net.core.somaxconn"), "4096"),
            (SettingKey.Interface("eth0", "txqueuelen"), "1000"),
            (SettingKey.Interface("eth1", "rps-cpus.rx-0"), "3"),
            (SettingKey.Interface("eth0", "ring.rx"), "1024"),
        ];

        var rows = RestorePlanner.Plan(targets, Inventory(Nic("eth0", "vmxnet3", queues: 1), Nic("eth1", "mlx5_core", queues: 1)), store);

        Assert.Equal(
            ["sysctl net.core.somaxconn", "eth0 ring.rx", "eth0 txqueuelen", "eth0 rps-cpus.rx-0", "eth1 ring.rx", "eth1 rps-cpus.rx-0"],
            rows.Select(r => r.Key.ToString()));
        Assert.StartsWith("kept", rows.Single(r => r.Key == SettingKey.Interface("eth0", "rps-cpus.rx-0")).Reason, StringComparison.Ordinal);
        Assert.Equal(PlanAction.Unchanged, rows.Single(r => r.Key == SettingKey.Interface("eth1", "rps-cpus.rx-0")).Action);
    }
}

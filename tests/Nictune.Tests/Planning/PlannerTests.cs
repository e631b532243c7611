using System.Globalization;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Planning;

public sealed class PlannerTests
{
    private static SettingKey K(string nic, string name) => SettingKey.Interface(nic, name);

    private static PlanRow Row(TuningPlan plan, string nic, string name) => Assert.Single(plan.Rows, r => r.Key == K(nic, name));

    private static TuningPlan Plan(Profile profile, FakeSettingStore store, HostFacts? host = null, params NetInterface[] nics) =>
        Planner.Plan(profile, Inventory(nics), host ?? Facts(), store);

    [Fact]
    public void The_first_matching_rule_wins()
    {
        var store = new FakeSettingStore().Nic("eth0", "txqueuelen", "1000");
        var profile = Profile(null,
            Rule(new RuleMatch(Drivers: ["vmxnet3"]), new InterfaceSettings { TxQueueLen = 5000 }, line: 3),
            Rule(new RuleMatch(), new InterfaceSettings { TxQueueLen = 9000 }, line: 9));

        var plan = Plan(profile, store, null, Nic("eth0", "vmxnet3"));

        var row = Row(plan, "eth0", "txqueuelen");
        Assert.Equal("5000", row.Desired);
        Assert.Equal(3, row.Rule!.Line);
        Assert.Equal(0, Assert.Single(plan.Matches).RuleIndex);
    }

    [Fact]
    public void Name_globs_and_hypervisors_select_interfaces()
    {
        var store = new FakeSettingStore().Nic("ens192", "txqueuelen", "1000").Nic("eth0", "txqueuelen", "1000");
        var profile = Profile(null, Rule(new RuleMatch(Names: ["ens*"], Hypervisors: [Hypervisor.VMware]), new InterfaceSettings { TxQueueLen = 5000 }));

        var plan = Plan(profile, store, null, Nic("ens192", "vmxnet3"), Nic("eth0", "vmxnet3"));

        Assert.Equal(PlanAction.Change, Row(plan, "ens192", "txqueuelen").Action);
        Assert.DoesNotContain(plan.Rows, r => r.Key.Target == "eth0");
        Assert.Null(plan.Matches.Single(m => m.Interface == "eth0").Rule);
    }

    [Fact]
    public void A_failover_lower_device_is_matched_on_its_own_class_and_a_net_failover_master_gets_no_ring_changes()
    {
        var store = new FakeSettingStore()
            .Nic("eth0", "ring.rx", "1024", 4096).Nic("eth0", "feature.rx-gro", "off")
            .Nic("eth0nsby", "ring.rx", "256", 1024)
            .Nic("enp0s4", "ring.rx", "1024", 8192);
        var profile = Profile(null,
            Rule(new RuleMatch(Classes: [NicClass.SriovVf]), new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Max) }, line: 3),
            Rule(new RuleMatch(Classes: [NicClass.Software, NicClass.Paravirtual]), new InterfaceSettings
            {
                Ring = new RingSettings(Rx: ProfileValue.Of(1024)),
                Features = new Dictionary<string, bool> { ["rx-gro"] = true },
            }, line: 9));
        var master = Nic("eth0", "net_failover", NicClass.Software, failover: FailoverRole.Master);
        var standby = Nic("eth0nsby", "virtio_net", NicClass.Paravirtual, failover: FailoverRole.Standby, master: "eth0");
        var vf = Nic("enp0s4", "iavf", NicClass.SriovVf, failover: FailoverRole.Primary, master: "eth0");

        var plan = Plan(profile, store, null, master, standby, vf);

        var vfRing = Row(plan, "enp0s4", "ring.rx");
        Assert.Equal("8192", vfRing.Desired);
        Assert.Equal(3, vfRing.Rule!.Line);
        Assert.Equal(PlanAction.Change, Row(plan, "eth0nsby", "ring.rx").Action);
        var masterRing = Row(plan, "eth0", "ring.rx");
        Assert.Equal(PlanAction.Unsupported, masterRing.Action);
        Assert.Contains("failover master", masterRing.Reason, StringComparison.Ordinal);
        Assert.Equal(PlanAction.Change, Row(plan, "eth0", "feature.rx-gro").Action);
        Assert.NotNull(plan.Matches.Single(m => m.Interface == "eth0").Note);
    }

    [Fact]
    public void An_hv_netvsc_failover_master_has_ring_operations_and_gets_its_ring_row()
    {
        var store = new FakeSettingStore()
            .Nic("eth0", "ring.rx", "1024", 18811)
            .Nic("enP1s1", "ring.rx", "1024", 8192);
        var profile = Profile(null,
            Rule(new RuleMatch(Classes: [NicClass.SriovVf]), new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Max) }, line: 3),
            Rule(new RuleMatch(Classes: [NicClass.Paravirtual]), new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(4096)) }, line: 9));
        var master = Nic("eth0", "hv_netvsc", NicClass.Paravirtual, failover: FailoverRole.Master);
        var vf = Nic("enP1s1", "mlx5_core", NicClass.SriovVf, failover: FailoverRole.Primary, master: "eth0");

        var plan = Plan(profile, store, null, master, vf);

        var masterRing = Row(plan, "eth0", "ring.rx");
        Assert.Equal((PlanAction.Change, "4096"), (masterRing.Action, masterRing.Desired));
        Assert.True(masterRing.ResetsLink);
        Assert.Equal(9, masterRing.Rule!.Line);
        Assert.Null(plan.Matches.Single(m => m.Interface == "eth0").Note);
    }

    [Fact]
    public void Max_and_cpus_resolve_against_the_device_and_values_above_the_maximum_are_clamped()
    {
        var store = new FakeSettingStore()
            .Nic("eth0", "ring.rx", "1024", 4096)
            .Nic("eth0", "ring.tx", "512", 4096)
            .Nic("eth0", "channels.combined", "2", 4)
            .Nic("eth0", "coalesce.rx-usecs", "0");
        var profile = Profile(null, Any(new InterfaceSettings
        {
            Ring = new RingSettings(Rx: ProfileValue.Max, Tx: ProfileValue.Of(9000)),
            Channels = new ChannelSettings(Combined: ProfileValue.Cpus),
            Coalesce = new CoalesceSettings(RxUsecs: ProfileValue.Max),
        }));

        var plan = Plan(profile, store, Facts(cpus: 8), Nic("eth0", "mlx5_core"));

        var rx = Row(plan, "eth0", "ring.rx");
        Assert.Equal((PlanAction.Change, "4096", "max"), (rx.Action, rx.Desired, rx.Requested));
        Assert.Contains("device maximum", rx.Reason, StringComparison.Ordinal);
        var tx = Row(plan, "eth0", "ring.tx");
        Assert.Equal((PlanAction.Clamped, "4096"), (tx.Action, tx.Desired));
        Assert.Equal("requested 9000 is above the device maximum 4096; clamped to 4096", tx.Reason);
        var combined = Row(plan, "eth0", "channels.combined");
        Assert.Equal("4", combined.Desired);
        Assert.Equal("cpus = 8 online CPUs, limited to the device maximum 4", combined.Reason);
        var usecs = Row(plan, "eth0", "coalesce.rx-usecs");
        Assert.Equal(PlanAction.Unsupported, usecs.Action);
        Assert.Contains("reports none", usecs.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Channels_of_cpus_with_no_online_cpus_are_unsupported_not_zero()
    {
        var store = new FakeSettingStore().Nic("eth0", "channels.combined", "2", 4);
        var profile = Profile(null, Any(new InterfaceSettings { Channels = new ChannelSettings(Combined: ProfileValue.Cpus) }));

        var plan = Plan(profile, store, Facts(cpus: 0), Nic("eth0", "mlx5_core"));

        var row = Row(plan, "eth0", "channels.combined");
        Assert.Equal((PlanAction.Unsupported, (string?)null), (row.Action, row.Desired));
        Assert.Equal("the host reported no online CPUs", row.Reason);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void Channels_of_cpus_count_each_online_cpu_once()
    {
        var store = new FakeSettingStore().Nic("eth0", "channels.combined", "2", 16);
        var profile = Profile(null, Any(new InterfaceSettings { Channels = new ChannelSettings(Combined: ProfileValue.Cpus) }));

        var plan = Plan(profile, store, new HostFacts([3, 1, 2, 1, 0, 3], false), Nic("eth0", "mlx5_core"));

        Assert.Equal("4", Row(plan, "eth0", "channels.combined").Desired);
    }

    [Fact]
    public void Whether_irqbalance_runs_is_asked_only_by_a_plan_that_sets_irq_affinity()
    {
        var asked = 0;
        var host = new HostFacts([0, 1, 2, 3], () => { asked++; return false; });
        var store = new FakeSettingStore().Nic("eth0", "txqueuelen", "1000").Nic("eth0", "irq-affinity.40", "0-3").Nic("eth0", "irq-affinity.41", "0-3");
        var nic = Nic("eth0", "vmxnet3", queues: 2, irqs: [40, 41]);

        Plan(Profile(null, Any(new InterfaceSettings { TxQueueLen = 5000 })), store, host, nic);
        Assert.Equal(0, asked);

        Plan(Profile(null, Any(new InterfaceSettings { IrqAffinity = IrqAffinityMode.Spread })), store, host, nic);
        Plan(Profile(null, Any(new InterfaceSettings { IrqAffinity = IrqAffinityMode.Spread })), store, host, nic);
        Assert.Equal(1, asked);
    }

    [Fact]
    public void A_request_above_the_maximum_is_clamped_even_when_the_device_already_holds_the_maximum_and_nothing_is_written()
    {
        // Issue 22 (10): README documents `clamped` for a request above the device maximum; the plan said `unchanged`.
        var store = new FakeSettingStore().Nic("eth0", "ring.rx", "4096", 4096);
        var plan = Plan(Profile(null, Any(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(9000)) })), store, null, Nic("eth0", "mlx5_core"));

        var row = Row(plan, "eth0", "ring.rx");
        Assert.Equal(PlanAction.Clamped, row.Action);
        Assert.Equal("already 4096: requested 9000 is above the device maximum 4096; clamped to 4096", row.Reason);
        Assert.False(row.IsWrite);
        Assert.False(plan.HasChanges);
        Assert.Equal(0, plan.ChangeCount);
    }

    [Fact]
    public void A_ring_the_device_lacks_is_unsupported()
    {
        var store = new FakeSettingStore().Nic("eth0", "ring.rx-mini", "0", 0)
            .Unsupported(K("eth0", "ring.rx-jumbo"), "the driver has no ring operations");
        var plan = Plan(Profile(null, Any(new InterfaceSettings { Ring = new RingSettings(RxMini: ProfileValue.Of(128), RxJumbo: ProfileValue.Of(512)) })),
            store, null, Nic("eth0", "vmxnet3"));

        Assert.Contains("maximum of 0", Row(plan, "eth0", "ring.rx-mini").Reason, StringComparison.Ordinal);
        Assert.Equal("the driver has no ring operations", Row(plan, "eth0", "ring.rx-jumbo").Reason);
    }

    [Fact]
    public void Vmxnet3_channels_are_unsupported_without_reading()
    {
        var store = new FakeSettingStore().Nic("eth0", "channels.combined", "4", 4);
        var plan = Plan(Profile(null, Any(new InterfaceSettings { Channels = new ChannelSettings(Combined: ProfileValue.Of(2)) })), store, null, Nic("eth0", "vmxnet3"));

        var row = Row(plan, "eth0", "channels.combined");
        Assert.Equal(PlanAction.Unsupported, row.Action);
        Assert.Equal("vmxnet3 reports channels but cannot change them (get only)", row.Reason);
    }

    [Theory]
    [InlineData(CpuSelectionKind.All, null, "0-3", "ff")]
    [InlineData(CpuSelectionKind.Local, null, "0-3", "f")]
    [InlineData(CpuSelectionKind.Local, null, null, "ff")]
    [InlineData(CpuSelectionKind.List, "2,3,6", "0-3", "4c")]
    [InlineData(CpuSelectionKind.List, "6-9", "0-3", "c0")]
    public void Rps_cpus_become_one_mask_per_rx_queue(CpuSelectionKind kind, string? list, string? localCpus, string mask)
    {
        var store = new FakeSettingStore();
        for (var q = 0; q < 3; q++)
        {
            store.Nic("eth0", $"rps-cpus.rx-{q}", "00").Nic("eth0", $"rps-flow-cnt.rx-{q}", "0");
        }

        var profile = Profile(null, Any(new InterfaceSettings { Rps = new RpsSettings(new CpuSelection(kind, list), 2048) }));
        var plan = Plan(profile, store, Facts(cpus: 8), Nic("eth0", "virtio_net", queues: 3, localCpus: localCpus));

        for (var q = 0; q < 3; q++)
        {
            Assert.Equal(mask, Row(plan, "eth0", $"rps-cpus.rx-{q}").Desired);
            Assert.Equal("2048", Row(plan, "eth0", $"rps-flow-cnt.rx-{q}").Desired);
        }
    }

    [Theory]
    [InlineData(3000, "0", PlanAction.Change, "4096")]
    [InlineData(3000, "4096", PlanAction.Unchanged, "4096")]
    [InlineData(4096, "0", PlanAction.Change, "4096")]
    [InlineData(0, "4096", PlanAction.Change, "0")]
    public void Rps_flow_count_is_rounded_up_to_the_power_of_two_the_kernel_stores(long flows, string current, PlanAction action, string desired)
    {
        var store = new FakeSettingStore().Nic("eth0", "rps-flow-cnt.rx-0", current);
        var profile = Profile(null, Any(new InterfaceSettings { Rps = new RpsSettings(FlowCount: flows) }));
        var plan = Plan(profile, store, Facts(cpus: 8), Nic("eth0", "virtio_net", queues: 1));

        var row = Row(plan, "eth0", "rps-flow-cnt.rx-0");
        Assert.Equal((action, desired, flows.ToString(CultureInfo.InvariantCulture)), (row.Action, row.Desired, row.Requested));
        Assert.Equal(flows == 3000, row.Reason.Contains("rounded up to 4096", StringComparison.Ordinal));
    }

    [Fact]
    public void Rps_on_cpus_that_are_all_offline_is_unsupported()
    {
        var store = new FakeSettingStore().Nic("eth0", "rps-cpus.rx-0", "00");
        var profile = Profile(null, Any(new InterfaceSettings { Rps = new RpsSettings(new CpuSelection(CpuSelectionKind.List, "10-11")) }));
        var plan = Plan(profile, store, Facts(cpus: 8), Nic("eth0", "virtio_net", queues: 1));

        Assert.Equal("none of the CPUs 10-11 is online", Row(plan, "eth0", "rps-cpus.rx-0").Reason);
    }

    [Fact]
    public void Xps_auto_spreads_the_cpus_over_the_tx_queues_and_off_clears_them()
    {
        var store = new FakeSettingStore();
        for (var q = 0; q < 4; q++)
        {
            store.Nic("eth0", $"xps-cpus.tx-{q}", "00").Nic("eth1", $"xps-cpus.tx-{q}", "01");
        }

        var profile = Profile(null,
            Rule(new RuleMatch(Names: ["eth0"]), new InterfaceSettings { Xps = XpsMode.Auto }),
            Rule(new RuleMatch(Names: ["eth1"]), new InterfaceSettings { Xps = XpsMode.Off }));
        var plan = Plan(profile, store, Facts(cpus: 8), Nic("eth0", "virtio_net", queues: 4), Nic("eth1", "virtio_net", queues: 4));

        Assert.Equal(["11", "22", "44", "88"], Enumerable.Range(0, 4).Select(q => Row(plan, "eth0", $"xps-cpus.tx-{q}").Desired));
        Assert.All(Enumerable.Range(0, 4), q => Assert.Equal("0", Row(plan, "eth1", $"xps-cpus.tx-{q}").Desired));
    }

    [Fact]
    public void Xps_with_fewer_cpus_than_queues_gives_every_queue_a_cpu()
    {
        var store = new FakeSettingStore();
        for (var q = 0; q < 4; q++)
        {
            store.Nic("eth0", $"xps-cpus.tx-{q}", "0");
        }

        var plan = Plan(Profile(null, Any(new InterfaceSettings { Xps = XpsMode.Auto })), store, Facts(cpus: 2), Nic("eth0", "virtio_net", queues: 4));

        Assert.Equal(["1", "2", "1", "2"], Enumerable.Range(0, 4).Select(q => Row(plan, "eth0", $"xps-cpus.tx-{q}").Desired));
    }

    [Fact]
    public void Xps_on_a_single_queue_device_is_unsupported()
    {
        var plan = Plan(Profile(null, Any(new InterfaceSettings { Xps = XpsMode.Auto })), new FakeSettingStore(), null, Nic("eth0", "e1000", queues: 1));

        var row = Assert.Single(plan.Rows);
        Assert.Equal(PlanAction.Unsupported, row.Action);
        Assert.Contains("single-queue", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Irq_affinity_is_left_to_irqbalance_when_it_runs()
    {
        var store = new FakeSettingStore().Nic("eth0", "irq-affinity.40", "0-7").Nic("eth0", "irq-affinity.41", "0-7");
        var profile = Profile(null, Any(new InterfaceSettings { IrqAffinity = IrqAffinityMode.Spread }));
        var plan = Plan(profile, store, Facts(irqBalance: true), Nic("eth0", "mlx5_core", irqs: [40, 41]));

        Assert.Equal(2, plan.Rows.Count);
        Assert.All(plan.Rows, r =>
        {
            Assert.Equal(PlanAction.Unsupported, r.Action);
            Assert.Equal("irqbalance manages IRQ affinity; not fighting it", r.Reason);
        });
    }

    [Fact]
    public void Irq_affinity_spread_starts_on_local_cpus_and_local_uses_the_local_cpulist()
    {
        var store = new FakeSettingStore();
        foreach (var irq in new[] { 40, 41, 42, 50 })
        {
            store.Nic(irq < 50 ? "eth0" : "eth1", $"irq-affinity.{irq}", "0-7");
        }

        var profile = Profile(null,
            Rule(new RuleMatch(Names: ["eth0"]), new InterfaceSettings { IrqAffinity = IrqAffinityMode.Spread }),
            Rule(new RuleMatch(Names: ["eth1"]), new InterfaceSettings { IrqAffinity = IrqAffinityMode.Local }));
        var plan = Plan(profile, store, Facts(cpus: 8),
            Nic("eth0", "mlx5_core", localCpus: "4-5", irqs: [40, 41, 42]), Nic("eth1", "mlx5_core", localCpus: "4-7", irqs: [50]));

        Assert.Equal(["4", "5", "0"], new[] { 40, 41, 42 }.Select(irq => Row(plan, "eth0", $"irq-affinity.{irq}").Desired));
        Assert.Equal("4-7", Row(plan, "eth1", "irq-affinity.50").Desired);
    }

    [Fact]
    public void Values_compare_in_canonical_form()
    {
        var store = new FakeSettingStore()
            .Set(SettingKey.Sysctl("net.ipv4.tcp_rmem"), "4096\t131072\t16777216")
            .Nic("eth0", "rps-cpus.rx-0", "00000000,000000ff")
            .Nic("eth0", "feature.rx-gro", "on");
        var profile = Profile(new Dictionary<string, string> { ["net.ipv4.tcp_rmem"] = "4096 131072  16777216" },
            Any(new InterfaceSettings { Rps = new RpsSettings(CpuSelection.All), Features = new Dictionary<string, bool> { ["rx-gro"] = true } }));

        var plan = Plan(profile, store, Facts(cpus: 8), Nic("eth0", "virtio_net", queues: 1));

        Assert.All(plan.Rows, r => Assert.Equal(PlanAction.Unchanged, r.Action));
        Assert.Equal("4096 131072 16777216", plan.Rows[0].Desired);
    }

    [Fact]
    public void A_sysctl_absent_from_the_namespace_is_unsupported()
    {
        var store = new FakeSettingStore().Unsupported(SettingKey.Sysctl("net.core.netdev_budget"), "absent in this network namespace");
        var plan = Plan(Profile(new Dictionary<string, string> { ["net.core.netdev_budget"] = "600" }), store);

        Assert.Equal((PlanAction.Unsupported, "absent in this network namespace"), (plan.Rows[0].Action, plan.Rows[0].Reason));
    }

    [Fact]
    public void Writes_are_ordered_sysctls_first_then_per_device_resets_device_settings_steering_and_irqs()
    {
        var store = new FakeSettingStore()
            .Set(SettingKey.Sysctl("net.core.somaxconn"), "4096")
            .Nic("eth0", "ring.rx", "1024", 4096).Nic("eth0", "feature.rx-lro", "on").Nic("eth0", "txqueuelen", "1000")
            .Nic("eth0", "rps-cpus.rx-0", "00").Nic("eth0", "irq-affinity.40", "0-7")
            .Nic("eth1", "ring.rx", "1024", 8192).Nic("eth1", "rps-cpus.rx-0", "00");
        var profile = Profile(new Dictionary<string, string> { ["net.core.somaxconn"] = "8192" },
            Any(new InterfaceSettings
            {
                IrqAffinity = IrqAffinityMode.Local,
                Rps = new RpsSettings(CpuSelection.All),
                TxQueueLen = 5000,
                Features = new Dictionary<string, bool> { ["rx-lro"] = false },
                Ring = new RingSettings(Rx: ProfileValue.Of(4096)),
            }));

        var plan = Plan(profile, store, Facts(cpus: 8), Nic("eth0", "vmxnet3", queues: 1, localCpus: "0-3", irqs: [40]), Nic("eth1", "mlx5_core", queues: 1));

        Assert.Equal(
            [
                "sysctl net.core.somaxconn",
                "eth0 ring.rx", "eth0 feature.rx-lro", "eth0 txqueuelen", "eth0 rps-cpus.rx-0", "eth0 irq-affinity.40",
                "eth1 ring.rx", "eth1 rps-cpus.rx-0",
            ],
            plan.Changes.Select(r => r.Key.ToString()));
        Assert.True(Row(plan, "eth0", "ring.rx").ResetsLink);
        Assert.Contains("resets the link", Row(plan, "eth0", "ring.rx").Reason, StringComparison.Ordinal);
        Assert.False(Row(plan, "eth1", "ring.rx").ResetsLink);
    }

    [Fact]
    public void A_link_reset_reapplies_steering_that_already_holds_and_keeps_masks_the_profile_does_not_touch()
    {
        var store = new FakeSettingStore().Nic("eth0", "ring.rx", "1024", 4096);
        for (var q = 0; q < 2; q++)
        {
            store.Nic("eth0", $"rps-cpus.rx-{q}", "ff").Nic("eth0", $"xps-cpus.tx-{q}", q == 0 ? "0f" : "f0");
        }

        var profile = Profile(null, Any(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(2048)), Rps = new RpsSettings(CpuSelection.All) }));
        var plan = Plan(profile, store, Facts(cpus: 8), Nic("eth0", "vmxnet3", queues: 2));

        var rps = Row(plan, "eth0", "rps-cpus.rx-0");
        Assert.Equal(PlanAction.Change, rps.Action);
        Assert.StartsWith("re-applied after the link reset", rps.Reason, StringComparison.Ordinal);
        var xps = Row(plan, "eth0", "xps-cpus.tx-1");
        Assert.Equal((PlanAction.Change, "f0", "f0", (string?)null), (xps.Action, xps.Current, xps.Desired, xps.Requested));
        Assert.StartsWith("kept", xps.Reason, StringComparison.Ordinal);
        Assert.Equal("eth0 ring.rx", plan.Changes.First().Key.ToString());
    }

    [Fact]
    public void A_link_reset_reapplies_and_keeps_rps_flow_counts_like_the_other_steering()
    {
        var store = new FakeSettingStore().Nic("eth0", "ring.rx", "1024", 4096)
            .Nic("eth0", "rps-flow-cnt.rx-0", "4096").Nic("eth0", "rps-flow-cnt.rx-1", "4096")
            .Nic("eth1", "ring.rx", "1024", 4096).Nic("eth1", "rps-flow-cnt.rx-0", "256");

        var profile = Profile(null,
            Rule(new RuleMatch(Names: ["eth0"]), new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(2048)), Rps = new RpsSettings(FlowCount: 4096) }),
            Rule(new RuleMatch(Names: ["eth1"]), new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(2048)) }));
        var plan = Plan(profile, store, Facts(cpus: 8), Nic("eth0", "vmxnet3", queues: 2), Nic("eth1", "vmxnet3", queues: 1));

        var reapplied = Row(plan, "eth0", "rps-flow-cnt.rx-1");
        Assert.Equal(PlanAction.Change, reapplied.Action);
        Assert.StartsWith("re-applied after the link reset", reapplied.Reason, StringComparison.Ordinal);
        var kept = Row(plan, "eth1", "rps-flow-cnt.rx-0");
        Assert.Equal((PlanAction.Change, "256", "256"), (kept.Action, kept.Current, kept.Desired));
        Assert.StartsWith("kept", kept.Reason, StringComparison.Ordinal);
        Assert.Equal(["eth1 ring.rx", "eth1 rps-flow-cnt.rx-0"], plan.Changes.Where(r => r.Key.Target == "eth1").Select(r => r.Key.ToString()));
    }

    [Theory]
    [InlineData("ring.rx", SettingKind.Ring, PlanPhase.Device, false)]
    [InlineData("channels.combined", SettingKind.Channels, PlanPhase.Device, false)]
    [InlineData("coalesce.rx-usecs", SettingKind.Coalesce, PlanPhase.Device, false)]
    [InlineData("feature.rx-gro", SettingKind.Feature, PlanPhase.Device, false)]
    [InlineData("txqueuelen", SettingKind.TxQueueLen, PlanPhase.Device, false)]
    [InlineData("rps-cpus.rx-0", SettingKind.RpsCpus, PlanPhase.Steering, true)]
    [InlineData("rps-flow-cnt.rx-0", SettingKind.RpsFlowCount, PlanPhase.Steering, true)]
    [InlineData("xps-cpus.tx-0", SettingKind.XpsCpus, PlanPhase.Steering, true)]
    [InlineData("irq-affinity.40", SettingKind.IrqAffinity, PlanPhase.IrqAffinity, true)]
    public void One_classification_decides_kind_phase_and_steering(string name, SettingKind kind, PlanPhase phase, bool steering)
    {
        Assert.Equal(kind, SettingNames.KindOf(name));
        Assert.Equal(phase, PlanOrdering.PhaseOf(K("eth0", name), resetsLink: false));
        Assert.Equal(steering, SettingNames.IsSteering(name));
    }

    [Fact]
    public void Queues_a_channel_change_creates_are_planned_as_pending()
    {
        var store = new FakeSettingStore().Nic("eth0", "channels.combined", "2", 8).Nic("eth0", "channels.rx", "0", 0).Nic("eth0", "channels.tx", "0", 0);
        for (var q = 0; q < 2; q++)
        {
            store.Nic("eth0", $"rps-cpus.rx-{q}", "00");
        }

        var profile = Profile(null, Any(new InterfaceSettings { Channels = new ChannelSettings(Combined: ProfileValue.Of(4)), Rps = new RpsSettings(CpuSelection.All) }));
        var plan = Plan(profile, store, Facts(cpus: 8), Nic("eth0", "mlx5_core", queues: 2));

        Assert.Equal(4, plan.Rows.Count(r => r.Key.Name.StartsWith("rps-cpus.", StringComparison.Ordinal)));
        var pending = Row(plan, "eth0", "rps-cpus.rx-3");
        Assert.Null(pending.Current);
        Assert.EndsWith("rx-3 appears after the channel change", pending.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unchanged_rows_say_so()
    {
        var store = new FakeSettingStore().Nic("eth0", "ring.rx", "2048", 4096).Nic("eth0", "coalesce.adaptive-rx", "on");
        var plan = Plan(Profile(null, Any(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(2048)), Coalesce = new CoalesceSettings(AdaptiveRx: true) })),
            store, null, Nic("eth0", "mlx5_core"));

        Assert.Equal("already 2048 (profile sets 2048)", Row(plan, "eth0", "ring.rx").Reason);
        Assert.Equal("already on", Row(plan, "eth0", "coalesce.adaptive-rx").Reason);
    }
}

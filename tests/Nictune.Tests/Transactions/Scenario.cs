using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Transactions;

/// <summary>
/// Two interfaces and two sysctls on the in-memory fake, and a profile that changes something of every kind:
/// sysctls, a link-resetting ring (vmxnet3, so steering is re-applied and kept), rings, coalescing, features,
/// txqueuelen, RPS masks and flow counts, XPS and IRQ affinity.
/// </summary>
internal sealed class Scenario
{
    private Scenario()
    {
        System = new FakeSettingStore()
            .Set(SettingKey.Sysctl("net.core.somaxconn"), "4096")
            .Set(SettingKey.Sysctl("net.ipv4.tcp_rmem"), "4096\t87380\t6291456")
            .Nic("eth0", "ring.rx", "1024", 4096).Nic("eth0", "ring.tx", "512", 4096)
            .Nic("eth0", "coalesce.rx-usecs", "0").Nic("eth0", "feature.rx-lro", "on")
            .Nic("eth0", "rps-cpus.rx-0", "00").Nic("eth0", "rps-cpus.rx-1", "00")
            .Nic("eth0", "xps-cpus.tx-0", "01").Nic("eth0", "xps-cpus.tx-1", "02")
            .Nic("eth0", "irq-affinity.40", "0-7").Nic("eth0", "irq-affinity.41", "0-7")
            .Nic("eth1", "ring.rx", "1024", 8192).Nic("eth1", "coalesce.adaptive-rx", "off")
            .Nic("eth1", "feature.rx-gro", "off").Nic("eth1", "txqueuelen", "1000")
            .Nic("eth1", "rps-flow-cnt.rx-0", "0").Nic("eth1", "rps-flow-cnt.rx-1", "0");
        Store = new FaultInjectingStore(System);
        Inventory = new SystemInventory(Hypervisor.VMware,
            [Nic("eth0", "vmxnet3", queues: 2, localCpus: "0-3", irqs: [40, 41]), Nic("eth1", "mlx5_core", NicClass.SriovVf, queues: 2)], [], []);
        Profile = Profile(
            new Dictionary<string, string> { ["net.core.somaxconn"] = "8192", ["net.ipv4.tcp_rmem"] = "4096 131072 16777216" },
            Rule(new RuleMatch(Drivers: ["vmxnet3"]), new InterfaceSettings
            {
                Ring = new RingSettings(Rx: ProfileValue.Max, Tx: ProfileValue.Of(1024)),
                Coalesce = new CoalesceSettings(RxUsecs: ProfileValue.Of(50)),
                Features = new Dictionary<string, bool> { ["rx-lro"] = false },
                Rps = new RpsSettings(CpuSelection.All),
                IrqAffinity = IrqAffinityMode.Spread,
            }),
            Rule(new RuleMatch(Classes: [NicClass.SriovVf]), new InterfaceSettings
            {
                Ring = new RingSettings(Rx: ProfileValue.Max),
                Coalesce = new CoalesceSettings(AdaptiveRx: true),
                Features = new Dictionary<string, bool> { ["rx-gro"] = true },
                TxQueueLen = 10000,
                Rps = new RpsSettings(FlowCount: 4096),
            }, line: 20));
        Initial = System.Snapshot();
    }

    public FakeSettingStore System { get; }

    public FaultInjectingStore Store { get; }

    public SystemInventory Inventory { get; }

    public Profile Profile { get; }

    public HostFacts Host { get; } = Facts(cpus: 8);

    /// <summary>The fake's state before anything ran.</summary>
    public string Initial { get; }

    public static Scenario Create() => new();

    public TransactionEngine Engine(IStateStore state) => new(Store, state, new FixedTimeProvider());

    /// <summary>Plans with faults off, then resets the write counter so fault indices count the apply's writes only.</summary>
    public TuningPlan Plan(TransactionEngine engine)
    {
        var plan = engine.Plan(Profile, Inventory, Host);
        Store.Reset();
        return plan;
    }

    /// <summary>How many writes a clean apply makes.</summary>
    public static int WriteCount()
    {
        var scenario = Create();
        return scenario.Plan(scenario.Engine(new InMemoryStateStore())).Changes.Count();
    }
}

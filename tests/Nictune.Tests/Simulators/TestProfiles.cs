using Nictune.Core.Model;
using Nictune.Core.Profiles;
using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>Builders for resolved profiles, interfaces and host facts.</summary>
internal static class TestProfiles
{
    public const string File = "test.yaml";

    public static Profile Profile(IReadOnlyDictionary<string, string>? sysctl = null, params InterfaceRule[] rules) => new()
    {
        Name = "test",
        Source = File,
        Sysctl = sysctl ?? new Dictionary<string, string>(),
        Interfaces = rules,
    };

    public static InterfaceRule Rule(RuleMatch match, InterfaceSettings settings, int line = 10) =>
        new(match, settings, new SourceLocation(File, line, 5));

    public static InterfaceRule Any(InterfaceSettings settings, int line = 10) => Rule(new RuleMatch(), settings, line);

    public static NetInterface Nic(string name, string driver, NicClass nicClass = NicClass.Paravirtual, int queues = 4, string? localCpus = null,
        IReadOnlyList<int>? irqs = null, FailoverRole? failover = null, string? master = null) => new()
    {
        Name = name,
        Driver = driver,
        Class = nicClass,
        Queues = new QueueCounts(queues, queues),
        LocalCpus = localCpus,
        MsiIrqs = irqs ?? [],
        Failover = failover,
        Master = master,
    };

    public static SystemInventory Inventory(params NetInterface[] nics) => new(Hypervisor.VMware, nics, [], []);

    public static HostFacts Facts(int cpus = 8, bool irqBalance = false) => new(Enumerable.Range(0, cpus).ToList(), irqBalance);
}

using Nictune.Core.Model;
using Nictune.Linux.Sysfs;
using Nictune.Tests.Fixtures;
using Xunit;

namespace Nictune.Tests.Linux;

/// <summary>Discovery + classification + advisories over every machine in <see cref="SysfsScenarios"/>.</summary>
public sealed class SysfsDiscoveryScenarioTests
{
    [Theory]
    [MemberData(nameof(SysfsScenarios.Names), MemberType = typeof(SysfsScenarios))]
    public void Scenario_is_detected_as_expected(string name)
    {
        var scenario = SysfsScenarios.Get(name);
        using var tree = scenario.Create();

        var inventory = new SysfsDiscovery(tree.SystemRoot).Discover();

        Assert.Equal(scenario.Hypervisor, inventory.Hypervisor);
        Assert.Equal(scenario.Interfaces.Select(i => i.Name), inventory.Interfaces.Select(i => i.Name));
        foreach (var (expected, actual) in scenario.Interfaces.Zip(inventory.Interfaces))
        {
            AssertInterface(expected, actual);
        }

        Assert.Equal(
            scenario.Advisories.Select(a => (a.Code, a.Interface, a.Pci)).Order(),
            inventory.Advisories.Select(a => (a.Code, a.Interface, a.Pci)).Order());
        Assert.All(inventory.Advisories, a => Assert.False(string.IsNullOrWhiteSpace(a.Message)));
        Assert.Equal(scenario.Unbound ?? [], inventory.UnboundDevices.Select(d => $"{d.Pci.Address} {d.Pci.Vendor}:{d.Pci.Device}"));
    }

    private static void AssertInterface(ExpectedInterface expected, NetInterface actual)
    {
        var because = $"interface {expected.Name}";
        Assert.True(expected.Class == actual.Class, $"{because}: class {actual.Class}, expected {expected.Class}");
        Assert.True(expected.Driver == actual.Driver, $"{because}: driver {actual.Driver ?? "null"}, expected {expected.Driver ?? "null"}");
        var pci = actual.Pci is { } p ? $"{p.Address} {p.Vendor}:{p.Device} {p.SubsystemVendor}:{p.SubsystemDevice}" : null;
        Assert.True(expected.Pci == pci, $"{because}: pci {pci ?? "null"}, expected {expected.Pci ?? "null"}");
        Assert.True(new QueueCounts(expected.Rx, expected.Tx) == actual.Queues, $"{because}: queues {actual.Queues}");
        Assert.True(expected.Master == actual.Master, $"{because}: master {actual.Master ?? "null"}, expected {expected.Master ?? "null"}");
        Assert.True(expected.Failover == actual.Failover, $"{because}: failover {actual.Failover?.ToString() ?? "null"}, expected {expected.Failover?.ToString() ?? "null"}");
        if (expected.Bus is not null)
        {
            Assert.True(expected.Bus == actual.Bus, $"{because}: bus {actual.Bus ?? "null"}, expected {expected.Bus}");
        }

        if (expected.Kind is not null)
        {
            Assert.True(expected.Kind == actual.Kind, $"{because}: kind {actual.Kind ?? "null"}, expected {expected.Kind}");
        }

        if (actual.Class == NicClass.Software)
        {
            Assert.Null(actual.Pci);
            Assert.Null(actual.Bus);
        }
    }
}

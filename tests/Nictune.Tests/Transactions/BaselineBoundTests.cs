using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Linux.State;
using Nictune.Tests.Simulators;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Transactions;

/// <summary>
/// The baseline stays bounded however many interfaces come and go (issue 9: 5.9 MB after 1,600 short-lived veths):
/// entries of gone interfaces are kept for the newest 64 gone devices only, present interfaces and sysctls always.
/// </summary>
public sealed class BaselineBoundTests
{
    private static readonly Profile TxQueueProfile = Profile(
        new Dictionary<string, string> { ["net.core.somaxconn"] = "8192" },
        Any(new InterfaceSettings { TxQueueLen = 5000 }));

    private static NetInterface Veth(string name) => Nic(name, "veth", NicClass.Software);

    private static NetInterface Pci(string name, string busLocation) => Nic(name, "vmxnet3") with { DevicePath = busLocation };

    private sealed class Host(IStateStore state)
    {
        public FakeSettingStore System { get; } = new FakeSettingStore().Set(SettingKey.Sysctl("net.core.somaxconn"), "4096");

        public TransactionResult Apply(SystemInventory inventory, SystemInventory? all = null)
        {
            foreach (var nic in inventory.Interfaces)
            {
                System.Nic(nic.Name, "txqueuelen", "1000");
            }

            var engine = new TransactionEngine(System, state);
            var plan = engine.Plan(TxQueueProfile, inventory, Facts());
            return engine.Apply(all is null ? plan : plan with { Present = PresentInterfaces.Of(all) });
        }

        public void Unplug(string name) => System.RemoveInterface(name);
    }

    [Fact]
    public void Sixteen_hundred_short_lived_veths_leave_at_most_sixty_four_gone_devices_in_the_baseline()
    {
        var state = new InMemoryStateStore();
        var host = new Host(state);
        var eth0 = Pci("eth0", "0000:0b:00.0");

        for (var i = 0; i < 1600; i++)
        {
            var veth = Veth($"veth{i}");
            Assert.Equal(TransactionOutcome.Succeeded, host.Apply(Inventory(eth0, veth)).Outcome);
            host.Unplug(veth.Name);
        }

        var baseline = state.Baseline;
        var targets = baseline.Settings.Where(s => s.Key.Scope == SettingScope.Interface).Select(s => s.Key.Target).Distinct().ToList();
        Assert.Equal(1 + 1 + BaselineBound.MaxGoneDevices, targets.Count);     // eth0, the last veth (present then), 64 gone
        Assert.Contains("eth0", targets);
        Assert.Contains("veth1599", targets);
        Assert.DoesNotContain("veth0", targets);
        Assert.Contains(baseline.Settings, s => s.Key == SettingKey.Sysctl("net.core.somaxconn") && s.Value == "4096");

        // As the state file: tens of kilobytes, not the megabytes an unbounded baseline reached.
        using var dir = new TempStateDirectory();
        new FileStateStore(dir.Path).WriteBaseline(baseline);
        Assert.True(new FileInfo(Path.Combine(dir.Path, "baseline.json")).Length < 64 * 1024);
    }

    [Fact]
    public void A_device_that_is_gone_keeps_its_originals_while_it_is_among_the_newest_gone()
    {
        var state = new InMemoryStateStore();
        var host = new Host(state);
        var vf = Pci("ens5", "0000:00:05.0");
        host.Apply(Inventory(Pci("eth0", "0000:0b:00.0"), vf));

        // The VF moves into a container's namespace: it keeps nictune's value there, and its original stays recorded.
        for (var i = 0; i < BaselineBound.MaxGoneDevices - 1; i++)
        {
            host.Apply(Inventory(Pci("eth0", "0000:0b:00.0"), Veth($"veth{i}")));
        }

        Assert.Contains(state.Baseline.Settings, s => s.Device == "0000:00:05.0" && s.Value == "1000");

        host.Apply(Inventory(Pci("eth0", "0000:0b:00.0"), Veth("one-more")));
        host.Apply(Inventory(Pci("eth0", "0000:0b:00.0"), Veth("and-another")));

        Assert.DoesNotContain(state.Baseline.Settings, s => s.Device == "0000:00:05.0");
    }

    [Fact]
    public void A_renamed_device_is_present_under_its_new_name()
    {
        var state = new InMemoryStateStore();
        var host = new Host(state);
        host.Apply(Inventory(Pci("eth0", "0000:0b:00.0")));

        for (var i = 0; i < BaselineBound.MaxGoneDevices + 5; i++)
        {
            host.Apply(Inventory(Pci("ens192", "0000:0b:00.0"), Veth($"veth{i}")));
        }

        Assert.Contains(state.Baseline.Settings, s => s.Device == "0000:0b:00.0" && s.Key.Target == "eth0");
    }

    [Fact]
    public void Interfaces_the_agent_excludes_are_not_gone()
    {
        var state = new InMemoryStateStore();
        var host = new Host(state);
        host.Apply(Inventory(Veth("keep0")));

        // From now on keep0 is excluded from the plan (the agent's globs), but it still exists.
        for (var i = 0; i < BaselineBound.MaxGoneDevices + 5; i++)
        {
            var veth = Veth($"veth{i}");
            host.Apply(Inventory(veth), all: Inventory(veth, Veth("keep0")));
        }

        Assert.Contains(state.Baseline.Settings, s => s.Key.Target == "keep0");
        Assert.DoesNotContain(state.Baseline.Settings, s => s.Key.Target == "veth0");
    }
}

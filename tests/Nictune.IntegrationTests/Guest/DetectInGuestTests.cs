using System.Text.Json;
using Xunit;

namespace Nictune.IntegrationTests.Guest;

/// <summary>
/// <c>nictune detect --json</c> in a guest whose NICs are bound to the real vmxnet3, e1000, e1000e and virtio_net
/// drivers, checked against what sysfs and ethtool show in the same guest.
/// </summary>
internal static class DetectScenario
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>One detect per guest: every detect test reads the same run.</summary>
    public static (JsonDocument Detect, GuestSections Facts) Run(GuestFixture fixture)
    {
        var result = fixture.RunOnce("detect", $"""
            echo "=== detect"
            {QemuGuest.Nictune} detect --json
            {GuestScripts.Nics}
            {GuestScripts.Platform}
            """, Timeout);
        var sections = new GuestSections(result.Output);
        Assert.True(result.ExitCode == 0, result.Output);
        return (JsonDocument.Parse(sections["detect"]), sections);
    }

    /// <summary>Every NIC ethtool shows is in the inventory with the same driver, PCI IDs and queues, and the class its driver implies.</summary>
    public static void AgreesWithSysfsAndEthtool(JsonDocument detect, GuestSections facts, GuestMachine machine)
    {
        var nics = facts.Nics();
        Assert.Equal(machine.Nics.Select(n => n.Driver).Order(StringComparer.Ordinal), nics.Select(n => n.Driver).Order(StringComparer.Ordinal));
        foreach (var nic in nics)
        {
            var found = Interface(detect, nic.Name);
            var pci = found.GetProperty("pci");
            Assert.Equal(nic.Driver, found.GetProperty("driver").GetString());
            Assert.Equal(nic.Id, $"{pci.GetProperty("vendor").GetString()}:{pci.GetProperty("device").GetString()}");
            Assert.Equal(nic.Subsystem, $"{pci.GetProperty("subsystemVendor").GetString()}:{pci.GetProperty("subsystemDevice").GetString()}");
            Assert.Equal(nic.Rx, found.GetProperty("queues").GetProperty("rx").GetInt32());
            Assert.Equal(nic.Tx, found.GetProperty("queues").GetProperty("tx").GetInt32());
            var expected = nic.Driver is "e1000" or "e1000e" ? "emulated" : "paravirtual";
            Assert.True(expected == found.GetProperty("class").GetString(), $"{nic.Name} ({nic.Driver} {nic.Id} subsystem {nic.Subsystem}): {found}");
        }
    }

    /// <summary>
    /// emulated-nic for each e1000 and e1000e naming the hypervisor's paravirtual NIC; single-queue only for the virtio
    /// NIC with one queue pair, and, since ethtool -l shows it cannot run more, without an ethtool -L command.
    /// </summary>
    public static void AdvisesOnEmulatedAndSingleQueueNics(JsonDocument detect, GuestSections facts, string replacement)
    {
        var advisories = detect.RootElement.GetProperty("advisories").EnumerateArray()
            .Select(a => (Code: a.GetProperty("code").GetString(), Interface: a.GetProperty("interface").GetString(), Message: a.GetProperty("message").GetString()!))
            .ToList();
        var nics = facts.Nics();

        var emulated = nics.Where(n => n.Driver is "e1000" or "e1000e").Select(n => n.Name).Order(StringComparer.Ordinal);
        var emulatedAdvice = advisories.Where(a => a.Code == "emulated-nic").ToList();
        Assert.Equal(emulated, emulatedAdvice.Select(a => a.Interface).Order(StringComparer.Ordinal));
        Assert.All(emulatedAdvice, a => Assert.Contains(replacement, a.Message, StringComparison.Ordinal));

        var singleQueue = nics.Where(n => n.Driver is "virtio_net" && n.Rx == 1 && n.Tx == 1).ToList();
        Assert.Equal(1, Assert.Single(singleQueue).MaxCombined);
        var advice = Assert.Single(advisories, a => a.Code == "single-queue");
        Assert.Equal(singleQueue[0].Name, advice.Interface);
        Assert.DoesNotContain("ethtool -L", advice.Message, StringComparison.Ordinal);
        Assert.Contains("hypervisor", advice.Message, StringComparison.Ordinal);
    }

    private static JsonElement Interface(JsonDocument detect, string name) =>
        detect.RootElement.GetProperty("interfaces").EnumerateArray().SingleOrDefault(i => i.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new Xunit.Sdk.XunitException($"detect lists no {name}: {detect.RootElement}");
}

/// <summary>The tests that share one guest with QEMU's own DMI (this file: detect; TuneInGuestTests.cs: tuning).</summary>
[Collection(GuestSerial.Name)]
public sealed partial class QemuGuestTests(QemuDmiGuest fixture) : IClassFixture<QemuDmiGuest>
{
    [Fact]
    public void Detect_reads_qemu_under_tcg_and_every_nic_as_ethtool_shows_it()
    {
        var (detect, facts) = DetectScenario.Run(fixture);
        using var _ = detect;

        // QEMU's DMI without kvm-clock: QEMU emulating the CPU, not KVM.
        var platform = facts.Values("platform");
        Assert.Equal("QEMU", platform["sys_vendor"]);
        Assert.DoesNotContain("kvm-clock", platform["clocksources"], StringComparison.Ordinal);
        Assert.Equal("qemu", detect.RootElement.GetProperty("hypervisor").GetString());
        DetectScenario.AgreesWithSysfsAndEthtool(detect, facts, fixture.Machine);
    }

    [Fact]
    public void Qemus_e1000e_with_its_bare_subsystem_is_emulated_and_gets_the_advice()
    {
        var (detect, facts) = DetectScenario.Run(fixture);
        using var _ = detect;

        // QEMU 7.2's default e1000e subsystem (hw/net/e1000e.c): Intel's vendor, no board ID.
        Assert.Equal("8086:0000", Assert.Single(facts.Nics(), n => n.Driver == "e1000e").Subsystem);
        DetectScenario.AdvisesOnEmulatedAndSingleQueueNics(detect, facts, "virtio-net");
    }
}

[Collection(GuestSerial.Name)]
public sealed class VMwareGuestTests(VMwareDmiGuest fixture) : IClassFixture<VMwareDmiGuest>
{
    [Fact]
    public void Detect_with_vmwares_dmi_reads_vmware_and_advises_vmxnet3()
    {
        var (detect, facts) = DetectScenario.Run(fixture);
        using var _ = detect;

        Assert.Equal("VMware, Inc.", facts.Values("platform")["sys_vendor"]);
        Assert.Equal("vmware", detect.RootElement.GetProperty("hypervisor").GetString());
        DetectScenario.AgreesWithSysfsAndEthtool(detect, facts, fixture.Machine);
        DetectScenario.AdvisesOnEmulatedAndSingleQueueNics(detect, facts, "VMXNET3");
    }
}

using Nictune.Core.Classification;
using Nictune.Core.Model;
using Xunit;

namespace Nictune.Tests.Core;

/// <summary>Signals from docs/drivers.md §3, strongest first.</summary>
public sealed class HypervisorDetectorTests
{
    public static TheoryData<string, HypervisorEvidence, Hypervisor> Cases => new()
    {
        { "nothing at all", new HypervisorEvidence(), Hypervisor.None },
        { "bare metal DMI", new HypervisorEvidence(SysVendor: "Dell Inc.", ProductName: "PowerEdge R750"), Hypervisor.None },
        { "VMware", new HypervisorEvidence(true, "VMware, Inc.", "VMware Virtual Platform"), Hypervisor.VMware },
        // QEMU 7.2 under TCG, as a guest on this machine reads it: QEMU's DMI and no kvm-clock (docs/testing-guest.md).
        { "QEMU under TCG", new HypervisorEvidence(true, "QEMU", "Standard PC (i440FX + PIIX, 1996)", Clocksources: "tsc acpi_pm "), Hypervisor.Qemu },
        { "QEMU, no clocksource readable", new HypervisorEvidence(true, "QEMU", "Standard PC (i440FX + PIIX, 1996)"), Hypervisor.Qemu },
        { "QEMU under KVM", new HypervisorEvidence(true, "QEMU", "Standard PC (Q35 + ICH9, 2009)", Clocksources: "kvm-clock tsc acpi_pm "), Hypervisor.Kvm },
        { "RHV product KVM", new HypervisorEvidence(true, "Red Hat", "KVM"), Hypervisor.Kvm },
        { "OpenStack", new HypervisorEvidence(true, "OpenStack Foundation", "OpenStack Nova"), Hypervisor.Kvm },
        { "GCE", new HypervisorEvidence(true, "Google", "Google Compute Engine"), Hypervisor.Kvm },
        { "EC2 Nitro", new HypervisorEvidence(true, "Amazon EC2", "m5.large"), Hypervisor.Kvm },
        { "EC2 metal", new HypervisorEvidence(false, "Amazon EC2", "m5.metal"), Hypervisor.None },
        { "Hyper-V", new HypervisorEvidence(true, "Microsoft Corporation", "Virtual Machine"), Hypervisor.HyperV },
        { "Azure tag alone", new HypervisorEvidence(ChassisAssetTag: HypervisorDetector.AzureChassisAssetTag), Hypervisor.HyperV },
        { "Surface is not Hyper-V", new HypervisorEvidence(false, "Microsoft Corporation", "Surface Laptop 5"), Hypervisor.None },
        { "Xen via /sys/hypervisor", new HypervisorEvidence(HypervisorType: "xen"), Hypervisor.Xen },
        { "Xen HVM DMI", new HypervisorEvidence(true, "Xen", "HVM domU"), Hypervisor.Xen },
        { "VirtualBox", new HypervisorEvidence(true, "innotek GmbH", "VirtualBox"), Hypervisor.Other },
        { "microVM: kvm-clock without DMI", new HypervisorEvidence(true, Clocksources: "tsc kvm-clock "), Hypervisor.Kvm },
        { "Hyper-V clock without DMI", new HypervisorEvidence(true, Clocksources: "hyperv_clocksource_tsc_page tsc"), Hypervisor.HyperV },
        { "cpuinfo flag alone", new HypervisorEvidence(CpuHypervisorFlag: true), Hypervisor.Other },
        { "unknown DMI in a VM", new HypervisorEvidence(true, "ACME", "Cloud VM"), Hypervisor.Other },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Detects(string because, HypervisorEvidence evidence, Hypervisor expected)
    {
        Assert.True(expected == HypervisorDetector.Detect(evidence), because);
    }
}

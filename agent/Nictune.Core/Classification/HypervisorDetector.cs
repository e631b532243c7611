using Nictune.Core.Model;

namespace Nictune.Core.Classification;

/// <summary>Decides the hypervisor from <see cref="HypervisorEvidence"/>, strongest signal first.</summary>
public static class HypervisorDetector
{
    /// <summary>Azure stamps every VM's chassis with this asset tag.</summary>
    public const string AzureChassisAssetTag = "7783-7084-3265-9085-8269-3286-77";

    /// <summary>The clocksource only KVM gives its guests (<c>arch/x86/kernel/kvmclock.c</c>).</summary>
    private const string KvmClock = "kvm-clock";

    public static Hypervisor Detect(HypervisorEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);

        if (string.Equals(evidence.HypervisorType?.Trim(), "xen", StringComparison.OrdinalIgnoreCase))
        {
            return Hypervisor.Xen;
        }

        if (evidence.ChassisAssetTag?.Trim() == AzureChassisAssetTag)
        {
            return Hypervisor.HyperV;
        }

        if (FromDmi(evidence) is { } dmi)
        {
            return dmi;
        }

        if (FromClocksource(evidence.Clocksources) is { } clock)
        {
            return clock;
        }

        return evidence.CpuHypervisorFlag ? Hypervisor.Other : Hypervisor.None;
    }

    private static Hypervisor? FromDmi(HypervisorEvidence evidence)
    {
        var vendor = evidence.SysVendor?.Trim() ?? string.Empty;
        var product = evidence.ProductName?.Trim() ?? string.Empty;

        if (vendor.StartsWith("VMware", StringComparison.OrdinalIgnoreCase))
        {
            return Hypervisor.VMware;
        }

        // Microsoft also sells hardware (Surface): only its "Virtual Machine" product is Hyper-V.
        if (vendor.StartsWith("Microsoft Corporation", StringComparison.OrdinalIgnoreCase)
            && product.StartsWith("Virtual Machine", StringComparison.OrdinalIgnoreCase))
        {
            return Hypervisor.HyperV;
        }

        if (vendor.StartsWith("Xen", StringComparison.OrdinalIgnoreCase))
        {
            return Hypervisor.Xen;
        }

        // Nitro is KVM-based, but *.metal instances carry the same vendor string on bare hardware.
        if (vendor.StartsWith("Amazon EC2", StringComparison.OrdinalIgnoreCase))
        {
            return product.Contains(".metal", StringComparison.OrdinalIgnoreCase) && !evidence.CpuHypervisorFlag
                ? null
                : Hypervisor.Kvm;
        }

        // QEMU stamps its own machine with "QEMU" whether KVM runs it or QEMU emulates the CPU (TCG). Only KVM
        // gives the guest its paravirtual clock, so kvm-clock tells the two apart (docs/drivers.md §3).
        if (vendor.StartsWith("QEMU", StringComparison.OrdinalIgnoreCase))
        {
            return HasClocksource(evidence.Clocksources, KvmClock) ? Hypervisor.Kvm : Hypervisor.Qemu;
        }

        if (vendor.StartsWith("Google", StringComparison.OrdinalIgnoreCase)
            || product.StartsWith("KVM", StringComparison.OrdinalIgnoreCase)
            || product.StartsWith("OpenStack", StringComparison.OrdinalIgnoreCase)
            || product.StartsWith("Google Compute Engine", StringComparison.OrdinalIgnoreCase))
        {
            return Hypervisor.Kvm;
        }

        if (vendor.StartsWith("innotek GmbH", StringComparison.OrdinalIgnoreCase)
            || vendor.StartsWith("Parallels", StringComparison.OrdinalIgnoreCase))
        {
            return Hypervisor.Other;
        }

        return null;
    }

    private static Hypervisor? FromClocksource(string? clocksources)
    {
        foreach (var source in Sources(clocksources))
        {
            if (source == KvmClock)
            {
                return Hypervisor.Kvm;
            }

            if (source.StartsWith("hyperv_clocksource", StringComparison.Ordinal))
            {
                return Hypervisor.HyperV;
            }

            if (source == "xen")
            {
                return Hypervisor.Xen;
            }
        }

        return null;
    }

    private static bool HasClocksource(string? clocksources, string name) => Sources(clocksources).Contains(name, StringComparer.Ordinal);

    private static string[] Sources(string? clocksources) =>
        clocksources?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}

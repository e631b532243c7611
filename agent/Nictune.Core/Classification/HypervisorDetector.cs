using Nictune.Core.Model;

namespace Nictune.Core.Classification;

/// <summary>Decides the hypervisor from <see cref="HypervisorEvidence"/>, strongest signal first.</summary>
public static class HypervisorDetector
{
    /// <summary>Azure stamps every VM's chassis with this asset tag.</summary>
    public const string AzureChassisAssetTag = "7783-7084-3265-9085-8269-3286-77";

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

        if (vendor.StartsWith("QEMU", StringComparison.OrdinalIgnoreCase)
            || vendor.StartsWith("Google", StringComparison.OrdinalIgnoreCase)
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
        if (clocksources is null)
        {
            return null;
        }

        foreach (var source in clocksources.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (source == "kvm-clock")
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
}

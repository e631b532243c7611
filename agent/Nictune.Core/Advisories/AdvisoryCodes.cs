namespace Nictune.Core.Advisories;

/// <summary>The stable codes of advisories. Scripts match on these; never rename one.</summary>
public static class AdvisoryCodes
{
    /// <summary>An emulated NIC (e1000/e1000e, …) inside a VM, where a paravirtual one is available.</summary>
    public const string EmulatedNic = "emulated-nic";

    /// <summary>A network-class PCI device with no driver bound, so no interface exists for it.</summary>
    public const string DriverMissing = "driver-missing";

    /// <summary>A multiqueue-capable virtual NIC running one queue on a VM with several vCPUs.</summary>
    public const string SingleQueue = "single-queue";
}

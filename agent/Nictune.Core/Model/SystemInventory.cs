namespace Nictune.Core.Model;

/// <summary>The result of detection: what <c>nictune detect</c> prints and what planning starts from.</summary>
public sealed record SystemInventory(
    Hypervisor Hypervisor,
    IReadOnlyList<NetInterface> Interfaces,
    IReadOnlyList<UnboundPciDevice> UnboundDevices,
    IReadOnlyList<Advisory> Advisories);

using System.Text.Json.Serialization;

namespace Nictune.Core.Model;

/// <summary>The result of detection: what <c>nictune detect</c> prints and what planning starts from.</summary>
public sealed record SystemInventory(
    Hypervisor Hypervisor,
    IReadOnlyList<NetInterface> Interfaces,
    // Added after the detect JSON contract was fixed, so it is written after "advisories".
    [property: JsonPropertyOrder(1)] IReadOnlyList<UnboundPciDevice> UnboundDevices,
    IReadOnlyList<Advisory> Advisories);

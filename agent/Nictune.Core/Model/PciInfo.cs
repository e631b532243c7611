namespace Nictune.Core.Model;

/// <summary>PCI identity of a device. IDs are 4 lowercase hex digits, as the JSON contract requires.</summary>
public sealed record PciInfo(
    string Address,
    string Vendor,
    string Device,
    string? SubsystemVendor,
    string? SubsystemDevice);

namespace Nictune.Core.Classification;

/// <summary>A PCI ID nictune knows: the Linux driver that binds it and what kind of device it is.</summary>
public sealed record KnownPciDevice(string Vendor, string Device, string Driver, PciDeviceKind Kind);

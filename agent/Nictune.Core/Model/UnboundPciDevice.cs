namespace Nictune.Core.Model;

/// <summary>A PCI network-class device (class 0x02xxxx) with no driver bound, so no netdev.</summary>
public sealed record UnboundPciDevice(PciInfo Pci, string Class);

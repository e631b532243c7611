namespace Nictune.Core.Classification;

/// <summary>What a PCI ID is, independent of where it is found: the hypervisor decides the rest.</summary>
public enum PciDeviceKind
{
    /// <summary>A device that only exists as a hypervisor's paravirtual NIC (vmxnet3, virtio-net, gVNIC).</summary>
    Paravirtual,

    /// <summary>A model hypervisors emulate. Intel's also exist as real silicon, told apart by subsystem vendor.</summary>
    Emulated,

    /// <summary>An SR-IOV virtual function.</summary>
    VirtualFunction,

    /// <summary>A physical function: bare metal, or passed through whole to a guest.</summary>
    PhysicalFunction,
}

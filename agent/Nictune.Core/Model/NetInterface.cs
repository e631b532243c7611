namespace Nictune.Core.Model;

/// <summary>
/// One network interface as discovered and classified. The discovery adapter fills the facts;
/// the classifier sets <see cref="Class"/> and <see cref="Failover"/>. Property order is the JSON order.
/// </summary>
public sealed record NetInterface
{
    public required string Name { get; init; }
    public NicClass Class { get; init; } = NicClass.Unknown;
    public string? Driver { get; init; }
    public PciInfo? Pci { get; init; }
    public required QueueCounts Queues { get; init; }
    public int? Mtu { get; init; }
    public string? OperState { get; init; }
    public string? Master { get; init; }
    public FailoverRole? Failover { get; init; }

    public int? IfIndex { get; init; }
    public string? Mac { get; init; }
    /// <summary>Link speed in Mb/s; null when the link is down or the driver does not report it.</summary>
    public long? Speed { get; init; }
    public int? TxQueueLen { get; init; }
    /// <summary>The bus the netdev's parent sits on: <c>pci</c>, <c>virtio</c>, <c>vmbus</c>, … or null for software.</summary>
    public string? Bus { get; init; }
    /// <summary>The sysfs path of the parent device (the <c>device</c> link resolved); null for software interfaces.</summary>
    public string? DevicePath { get; init; }
    public string? DriverVersion { get; init; }
    public string? Firmware { get; init; }
    public int? NumaNode { get; init; }
    /// <summary>The kernel's cpulist text for the device's local CPUs, e.g. <c>0-3,8</c>.</summary>
    public string? LocalCpus { get; init; }
    public IReadOnlyList<int> MsiIrqs { get; init; } = [];
    public IReadOnlyList<string> Uppers { get; init; } = [];
    public IReadOnlyList<string> Lowers { get; init; } = [];
    public string? PhysPortName { get; init; }
    /// <summary>The kernel's link kind where it can be told (veth, bridge, bond, vlan, …); null when unknown.</summary>
    public string? Kind { get; init; }
}

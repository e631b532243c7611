namespace Nictune.Tests.Fixtures;

/// <summary>What a fixture netdev's sysfs files say; the defaults are an up 10G Ethernet port with one queue pair.</summary>
public sealed record NetdevOptions
{
    public int RxQueues { get; init; } = 1;
    public int TxQueues { get; init; } = 1;
    public int Mtu { get; init; } = 1500;
    public string OperState { get; init; } = "up";
    public string Speed { get; init; } = "10000";
    public int TxQueueLen { get; init; } = 1000;
    public string? Mac { get; init; }
    /// <summary>Written only when set: most drivers fail the read (EOPNOTSUPP), which a missing file stands for.</summary>
    public string? PhysPortName { get; init; }
    /// <summary>The DEVTYPE line of uevent (bridge, bond, vlan, …), absent when null.</summary>
    public string? DevType { get; init; }
    /// <summary>ARPHRD type; Ethernet (1) when null.</summary>
    public int? Type { get; init; }
    /// <summary>iflink; the interface's own ifindex when null.</summary>
    public int? IfLink { get; init; }
    /// <summary>Extra directories such as <c>bridge</c> or <c>bonding</c>.</summary>
    public IReadOnlyList<string> Directories { get; init; } = [];

    public static NetdevOptions Queues(int count) => new() { RxQueues = count, TxQueues = count };
}

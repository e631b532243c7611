namespace Nictune.Protocol.Metrics;

/// <summary>One interface's ethtool settings now, with the driver's maximums; null where the driver has no such operation.</summary>
public sealed record DeviceSettingsSample
{
    public static readonly DeviceSettingsSample None = new();

    public uint? RxRing { get; init; }
    public uint? RxRingMax { get; init; }
    public uint? TxRing { get; init; }
    public uint? TxRingMax { get; init; }
    public uint? CombinedChannels { get; init; }
    public uint? CombinedChannelsMax { get; init; }
    public uint? RxChannels { get; init; }
    public uint? RxChannelsMax { get; init; }
    public uint? TxChannels { get; init; }
    public uint? TxChannelsMax { get; init; }
    public uint? RxCoalesceUsecs { get; init; }
    public uint? TxCoalesceUsecs { get; init; }
    public bool? AdaptiveRx { get; init; }
}

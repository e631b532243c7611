namespace Nictune.Linux.Ethtool;

/// <summary>
/// ETHTOOL_GCOALESCE, all of <c>struct ethtool_coalesce</c>. SCOALESCE writes every field and the core answers
/// EOPNOTSUPP for a non-zero field the driver does not list, so a write must start from a fresh reading.
/// </summary>
public sealed record CoalesceParameters
{
    public uint RxUsecs { get; init; }
    public uint RxFrames { get; init; }
    public uint RxUsecsIrq { get; init; }
    public uint RxFramesIrq { get; init; }
    public uint TxUsecs { get; init; }
    public uint TxFrames { get; init; }
    public uint TxUsecsIrq { get; init; }
    public uint TxFramesIrq { get; init; }
    public uint StatsBlockUsecs { get; init; }
    public bool AdaptiveRx { get; init; }
    public bool AdaptiveTx { get; init; }
    public uint PacketRateLow { get; init; }
    public uint RxUsecsLow { get; init; }
    public uint RxFramesLow { get; init; }
    public uint TxUsecsLow { get; init; }
    public uint TxFramesLow { get; init; }
    public uint PacketRateHigh { get; init; }
    public uint RxUsecsHigh { get; init; }
    public uint RxFramesHigh { get; init; }
    public uint TxUsecsHigh { get; init; }
    public uint TxFramesHigh { get; init; }
    public uint RateSampleInterval { get; init; }
}

namespace Nictune.Core.Profiles;

/// <summary>What a rule sets on a matching interface. A null member leaves that setting alone.</summary>
public sealed record InterfaceSettings
{
    public RingSettings? Ring { get; init; }
    public ChannelSettings? Channels { get; init; }
    public CoalesceSettings? Coalesce { get; init; }
    /// <summary>Keyed by the kernel feature name (<c>rx-gro</c>, <c>tx-tcp-segmentation</c>, …): short ethtool names are normalised at parse time.</summary>
    public IReadOnlyDictionary<string, bool>? Features { get; init; }
    public long? TxQueueLen { get; init; }
    public RpsSettings? Rps { get; init; }
    public XpsMode? Xps { get; init; }
    public IrqAffinityMode? IrqAffinity { get; init; }

    /// <summary>
    /// The values of catalog settings that have no member above, keyed by setting name: a setting described only by
    /// its <see cref="Catalog.SettingCatalog"/> entry keeps its value here.
    /// </summary>
    public IReadOnlyDictionary<string, ProfileValue>? Values { get; init; }
}

public sealed record RingSettings(ProfileValue? Rx = null, ProfileValue? RxMini = null, ProfileValue? RxJumbo = null, ProfileValue? Tx = null);

public sealed record ChannelSettings(ProfileValue? Combined = null, ProfileValue? Rx = null, ProfileValue? Tx = null);

public sealed record CoalesceSettings(
    bool? AdaptiveRx = null,
    bool? AdaptiveTx = null,
    ProfileValue? RxUsecs = null,
    ProfileValue? TxUsecs = null,
    ProfileValue? RxFrames = null,
    ProfileValue? TxFrames = null);

/// <summary>RPS: which CPUs steer receive processing, and the per-queue flow table size.</summary>
public sealed record RpsSettings(CpuSelection? Cpus = null, long? FlowCount = null);

/// <summary><c>all</c> online CPUs, the device's NUMA-<c>local</c> CPUs, or an explicit kernel cpulist.</summary>
public sealed record CpuSelection(CpuSelectionKind Kind, string? List = null)
{
    public static readonly CpuSelection All = new(CpuSelectionKind.All);
    public static readonly CpuSelection Local = new(CpuSelectionKind.Local);
    public override string ToString() => Kind switch
    {
        CpuSelectionKind.All => "all",
        CpuSelectionKind.Local => "local",
        _ => List ?? string.Empty,
    };
}

public enum CpuSelectionKind
{
    All,
    Local,
    List,
}

public enum XpsMode
{
    Off,
    Auto,
}

public enum IrqAffinityMode
{
    None,
    Local,
    Spread,
}

using System.Collections.Frozen;
using Nictune.Linux.Ethtool;

namespace Nictune.Linux.Tuning;

/// <summary>A count in an ethtool block, its maximum (where the block reports one) and how to change it.</summary>
internal sealed record CountField<T>(Func<T, uint> Value, Func<T, uint>? Maximum, Func<T, uint, T> With);

/// <summary>An on/off switch in an ethtool block.</summary>
internal sealed record SwitchField<T>(Func<T, bool> Value, Func<T, bool, T> With);

/// <summary>
/// The fields of the ethtool blocks that <see cref="Core.Catalog.SettingCatalog"/> names, by their uapi names
/// (<c>struct ethtool_ringparam</c>, <c>ethtool_channels</c>, <c>ethtool_coalesce</c> in linux/ethtool.h): the one
/// place where a kernel field meets its member in the adapter's records.
/// </summary>
internal static class EthtoolFields
{
    public static readonly FrozenDictionary<string, CountField<RingParameters>> Ring = new Dictionary<string, CountField<RingParameters>>(StringComparer.Ordinal)
    {
        ["rx_pending"] = new(r => r.Rx, r => r.RxMax, (r, v) => r with { Rx = v }),
        ["rx_mini_pending"] = new(r => r.RxMini, r => r.RxMiniMax, (r, v) => r with { RxMini = v }),
        ["rx_jumbo_pending"] = new(r => r.RxJumbo, r => r.RxJumboMax, (r, v) => r with { RxJumbo = v }),
        ["tx_pending"] = new(r => r.Tx, r => r.TxMax, (r, v) => r with { Tx = v }),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, CountField<ChannelParameters>> Channels = new Dictionary<string, CountField<ChannelParameters>>(StringComparer.Ordinal)
    {
        ["combined_count"] = new(c => c.Combined, c => c.MaxCombined, (c, v) => c with { Combined = v }),
        ["rx_count"] = new(c => c.Rx, c => c.MaxRx, (c, v) => c with { Rx = v }),
        ["tx_count"] = new(c => c.Tx, c => c.MaxTx, (c, v) => c with { Tx = v }),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, CountField<CoalesceParameters>> CoalesceCounts = new Dictionary<string, CountField<CoalesceParameters>>(StringComparer.Ordinal)
    {
        ["rx_coalesce_usecs"] = new(c => c.RxUsecs, null, (c, v) => c with { RxUsecs = v }),
        ["tx_coalesce_usecs"] = new(c => c.TxUsecs, null, (c, v) => c with { TxUsecs = v }),
        ["rx_max_coalesced_frames"] = new(c => c.RxFrames, null, (c, v) => c with { RxFrames = v }),
        ["tx_max_coalesced_frames"] = new(c => c.TxFrames, null, (c, v) => c with { TxFrames = v }),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, SwitchField<CoalesceParameters>> CoalesceSwitches = new Dictionary<string, SwitchField<CoalesceParameters>>(StringComparer.Ordinal)
    {
        ["use_adaptive_rx_coalesce"] = new(c => c.AdaptiveRx, (c, v) => c with { AdaptiveRx = v }),
        ["use_adaptive_tx_coalesce"] = new(c => c.AdaptiveTx, (c, v) => c with { AdaptiveTx = v }),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}

using System.Globalization;

namespace Nictune.Core.Planning;

/// <summary>The interface setting names of <see cref="Tuning.SettingKey"/>, in one place.</summary>
public static class SettingNames
{
    public const string RingPrefix = "ring.";
    public const string RingRx = "ring.rx";
    public const string RingRxMini = "ring.rx-mini";
    public const string RingRxJumbo = "ring.rx-jumbo";
    public const string RingTx = "ring.tx";

    public const string ChannelsPrefix = "channels.";
    public const string ChannelsCombined = "channels.combined";
    public const string ChannelsRx = "channels.rx";
    public const string ChannelsTx = "channels.tx";

    public const string CoalescePrefix = "coalesce.";
    public const string CoalesceAdaptiveRx = "coalesce.adaptive-rx";
    public const string CoalesceAdaptiveTx = "coalesce.adaptive-tx";
    public const string CoalesceRxUsecs = "coalesce.rx-usecs";
    public const string CoalesceTxUsecs = "coalesce.tx-usecs";
    public const string CoalesceRxFrames = "coalesce.rx-frames";
    public const string CoalesceTxFrames = "coalesce.tx-frames";

    public const string FeaturePrefix = "feature.";
    public const string TxQueueLen = "txqueuelen";
    public const string RpsCpusPrefix = "rps-cpus.";
    public const string RpsFlowCountPrefix = "rps-flow-cnt.";
    public const string XpsCpusPrefix = "xps-cpus.";
    public const string IrqAffinityPrefix = "irq-affinity.";

    public static string Feature(string kernelName) => FeaturePrefix + kernelName;

    public static string RpsCpus(int rxQueue) => string.Create(CultureInfo.InvariantCulture, $"{RpsCpusPrefix}rx-{rxQueue}");

    public static string RpsFlowCount(int rxQueue) => string.Create(CultureInfo.InvariantCulture, $"{RpsFlowCountPrefix}rx-{rxQueue}");

    public static string XpsCpus(int txQueue) => string.Create(CultureInfo.InvariantCulture, $"{XpsCpusPrefix}tx-{txQueue}");

    public static string IrqAffinity(int irq) => string.Create(CultureInfo.InvariantCulture, $"{IrqAffinityPrefix}{irq}");

    /// <summary>The one classification of interface setting names: ordering, link-reset guarding, comparisons and
    /// refusals all ask here, so they cannot disagree about what a name is.</summary>
    public static SettingKind KindOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            _ when name.StartsWith(RingPrefix, StringComparison.Ordinal) => SettingKind.Ring,
            _ when name.StartsWith(ChannelsPrefix, StringComparison.Ordinal) => SettingKind.Channels,
            _ when name.StartsWith(CoalescePrefix, StringComparison.Ordinal) => SettingKind.Coalesce,
            _ when name.StartsWith(FeaturePrefix, StringComparison.Ordinal) => SettingKind.Feature,
            TxQueueLen => SettingKind.TxQueueLen,
            _ when name.StartsWith(RpsCpusPrefix, StringComparison.Ordinal) => SettingKind.RpsCpus,
            _ when name.StartsWith(RpsFlowCountPrefix, StringComparison.Ordinal) => SettingKind.RpsFlowCount,
            _ when name.StartsWith(XpsCpusPrefix, StringComparison.Ordinal) => SettingKind.XpsCpus,
            _ when name.StartsWith(IrqAffinityPrefix, StringComparison.Ordinal) => SettingKind.IrqAffinity,
            _ => SettingKind.Other,
        };
    }

    /// <summary>
    /// Settings of one interface that go to the kernel in one request: its features (one ETHTOOL_SFEATURES, so the
    /// kernel resolves their dependencies together), its channel counts (one ETHTOOL_SCHANNELS) and its ring sizes (one
    /// ETHTOOL_SRINGPARAM): a driver that quiesces or resets the device on a ring or channel change does so once, not
    /// once per field (docs/drivers.md §4).
    /// </summary>
    public static bool IsWrittenTogether(SettingKind kind) => kind is SettingKind.Feature or SettingKind.Channels or SettingKind.Ring;

    /// <summary>Steering settings (RPS masks and flow counts, XPS masks, IRQ affinity) that a driver's link reset may
    /// put back to defaults (docs/drivers.md §8).</summary>
    public static bool IsSteering(string name) =>
        KindOf(name) is SettingKind.RpsCpus or SettingKind.RpsFlowCount or SettingKind.XpsCpus or SettingKind.IrqAffinity;
}

namespace Nictune.Linux.Ethtool;

/// <summary>
/// ETHTOOL_GCHANNELS: queue counts and their read-only maximums. A maximum of 0 means the device has no channels of
/// that kind. SCHANNELS takes all four counts at once.
/// </summary>
public sealed record ChannelParameters(
    uint Rx,
    uint Tx,
    uint Other,
    uint Combined,
    uint MaxRx,
    uint MaxTx,
    uint MaxOther,
    uint MaxCombined);

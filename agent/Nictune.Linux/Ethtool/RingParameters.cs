namespace Nictune.Linux.Ethtool;

/// <summary>
/// ETHTOOL_GRINGPARAM: current ring sizes and their read-only maximums. A maximum of 0 means the device has no such
/// ring. SRINGPARAM takes all four sizes at once, so change one with <c>with { Rx = … }</c> on a fresh reading.
/// </summary>
public sealed record RingParameters(
    uint Rx,
    uint RxMini,
    uint RxJumbo,
    uint Tx,
    uint RxMax,
    uint RxMiniMax,
    uint RxJumboMax,
    uint TxMax);

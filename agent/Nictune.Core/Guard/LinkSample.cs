namespace Nictune.Core.Guard;

/// <summary>One look at an interface: whether its carrier is up (IFF_LOWER_UP) and its rx packet counter.</summary>
/// <param name="Carrier">True when the carrier is up.</param>
/// <param name="RxPackets">The rx packet counter, null when it cannot be read.</param>
public readonly record struct LinkSample(bool Carrier, long? RxPackets);

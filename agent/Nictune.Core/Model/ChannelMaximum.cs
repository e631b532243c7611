namespace Nictune.Core.Model;

/// <summary>
/// The most queues a driver reports a device can run (ETHTOOL_GCHANNELS <c>max_combined</c>, <c>max_rx</c>,
/// <c>max_tx</c>); 0 where it has no channels of that kind.
/// </summary>
public sealed record ChannelMaximum(int Combined, int Rx, int Tx);

namespace Nictune.Core.Model;

/// <summary>One interface in an RTM_GETLINK dump: who it is, its transmit queue length and its counters.</summary>
/// <param name="TxQueueLength">IFLA_TXQLEN, when the message carries it.</param>
/// <param name="Counters">IFLA_STATS64, when the message carries it.</param>
public sealed record LinkStatistics(int IfIndex, string Name, uint? TxQueueLength, LinkCounters? Counters);

namespace Nictune.Linux.Ethtool;

/// <summary>One row of <c>ethtool -S</c>. Names repeat per queue on some drivers (vmxnet3), so rows stay in order.</summary>
public readonly record struct EthtoolStatistic(string Name, ulong Value);

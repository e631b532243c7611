namespace Nictune.Core.Model;

/// <summary>One CPU's row of <c>/proc/net/softnet_stat</c>.</summary>
/// <param name="Cpu">The CPU number: the row's last column on kernels that print it (5.10+), else the row's position.</param>
/// <param name="Processed">Packets taken off this CPU's backlog and processed.</param>
/// <param name="Dropped">Packets dropped because the backlog was full (net.core.netdev_max_backlog).</param>
/// <param name="TimeSqueezed">NAPI rounds that ended with work left because the budget or time ran out (net.core.netdev_budget, netdev_budget_usecs).</param>
public readonly record struct SoftnetStat(int Cpu, ulong Processed, ulong Dropped, ulong TimeSqueezed);

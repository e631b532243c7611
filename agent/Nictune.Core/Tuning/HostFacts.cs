namespace Nictune.Core.Tuning;

/// <summary>Facts about the machine that planning needs besides each interface's own settings.</summary>
/// <param name="OnlineCpus">The CPUs that are online, for steering and IRQ affinity.</param>
/// <param name="IrqBalanceRunning">irqbalance owns IRQ affinity while it runs.</param>
/// <param name="MemTotalKiB">The host's memory (/proc/meminfo's MemTotal), which bounds <c>vm.min_free_kbytes</c>;
/// null when unknown.</param>
public sealed record HostFacts(
    IReadOnlyList<int> OnlineCpus,
    bool IrqBalanceRunning,
    long? MemTotalKiB = null);

namespace Nictune.Core.Tuning;

/// <summary>Facts about the machine that planning needs besides each interface's own settings.</summary>
public sealed class HostFacts
{
    private readonly Lazy<bool> _irqBalanceRunning;

    /// <param name="onlineCpus">The CPUs that are online, for steering and IRQ affinity.</param>
    /// <param name="irqBalanceRunning">irqbalance owns IRQ affinity while it runs.</param>
    /// <param name="memTotalKiB">The host's memory (/proc/meminfo's MemTotal), which bounds <c>vm.min_free_kbytes</c>;
    /// null when unknown.</param>
    public HostFacts(IReadOnlyList<int> onlineCpus, bool irqBalanceRunning, long? memTotalKiB = null)
        : this(onlineCpus, () => irqBalanceRunning, memTotalKiB)
    {
    }

    /// <summary>
    /// With <paramref name="irqBalanceRunning"/> asked only when a plan sets IRQ affinity: finding irqbalance means
    /// reading every process's name, a cost in system calls per process that most plans (and every drift pass of a
    /// profile without IRQ affinity) need not pay.
    /// </summary>
    public HostFacts(IReadOnlyList<int> onlineCpus, Func<bool> irqBalanceRunning, long? memTotalKiB = null)
    {
        ArgumentNullException.ThrowIfNull(onlineCpus);
        ArgumentNullException.ThrowIfNull(irqBalanceRunning);
        OnlineCpus = onlineCpus;
        MemTotalKiB = memTotalKiB;
        _irqBalanceRunning = new Lazy<bool>(irqBalanceRunning, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The CPUs that are online, for steering and IRQ affinity.</summary>
    public IReadOnlyList<int> OnlineCpus { get; }

    /// <summary>irqbalance owns IRQ affinity while it runs; looked up on first use.</summary>
    public bool IrqBalanceRunning => _irqBalanceRunning.Value;

    /// <summary>The host's memory in kB, which bounds <c>vm.min_free_kbytes</c>; null when unknown.</summary>
    public long? MemTotalKiB { get; }
}

namespace Nictune.Core.Tuning;

/// <summary>Facts about the machine that planning needs besides each interface's own settings.</summary>
public sealed record HostFacts(
    IReadOnlyList<int> OnlineCpus,
    bool IrqBalanceRunning);

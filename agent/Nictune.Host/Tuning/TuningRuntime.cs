using Nictune.Core.Model;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Linux.Ethtool;
using Nictune.Linux.IO;
using Nictune.Linux.State;
using Nictune.Linux.Sysfs;
using Nictune.Linux.Tuning;

namespace Nictune.Host.Tuning;

/// <summary>
/// The composition root of everything that tunes: one ethtool socket, the Linux setting store behind a bounded
/// retry of transient errors, the state directory and the transaction engine. The CLI verbs and the daemon share it.
/// The ethtool socket belongs to the network namespace the process runs in.
/// </summary>
internal sealed class TuningRuntime : IDisposable
{
    private readonly EthtoolClient _ethtool;

    private TuningRuntime(SystemRoot root, string stateDirectory, TransientRetryOptions? retry, TimeProvider time)
    {
        Root = root;
        StateDirectory = stateDirectory;
        _ethtool = new EthtoolClient();
        ISettingStore settings = new RetryingSettingStore(new LinuxSettingStore(root, _ethtool), retry);
#if NICTUNE_FAULT_HOOK
        // Test builds only: the shipped binary has no way to pause mid-transaction.
        settings = FaultHookSettingStore.WrapIfRequested(settings);
        settings = SimulatedRingStore.WrapIfRequested(settings);
#endif
        Interruptible = new InterruptibleSettingStore(settings);
        Settings = Interruptible;
        Engine = new TransactionEngine(Settings, new FileStateStore(stateDirectory), time);
    }

    public SystemRoot Root { get; }

    public string StateDirectory { get; }

    public ISettingStore Settings { get; }

    /// <summary>The outermost store: a signal stops the transaction at its next write (<see cref="InterruptibleSettingStore"/>).</summary>
    public InterruptibleSettingStore Interruptible { get; }

    public TransactionEngine Engine { get; }

    public static TuningRuntime Open(SystemRoot root, string stateDirectory, TransientRetryOptions? retry = null, TimeProvider? time = null) =>
        new(root, stateDirectory, retry, time ?? TimeProvider.System);

    /// <summary>
    /// Interface facts kept between the daemon's passes; every full <see cref="Detect"/> refills it, and only a caller
    /// that sees every link event may read from it (<see cref="DetectFromCache"/>).
    /// </summary>
    public InterfaceFactsCache Facts { get; } = new();

    /// <summary>Reads everything afresh, and keeps the interfaces' facts in <see cref="Facts"/>.</summary>
    public SystemInventory Detect() => Discovery(Root, _ethtool).Refill(Facts);

    /// <summary>What <see cref="Detect"/> gives, reading only what <see cref="Facts"/> does not hold or what changes without a link event.</summary>
    public SystemInventory DetectFromCache() => Discovery(Root, _ethtool).Discover(Facts);

    /// <summary>On a live system the driver name, version and firmware also come from ethtool; a fixture tree has no kernel behind it.</summary>
    public static SystemInventory Discover(SystemRoot root, IEthtoolClient? ethtool) => Discovery(root, ethtool).Discover();

    private static SysfsDiscovery Discovery(SystemRoot root, IEthtoolClient? ethtool) =>
        new(root, root.IsLive && ethtool is not null ? new EthtoolDriverInfoSource(ethtool) : null);

    public HostFacts ReadHostFacts() => new LinuxHostFactsReader(Root).Read();

    public void Dispose() => _ethtool.Dispose();
}

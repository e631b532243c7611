using Nictune.Core.Model;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Linux.Ethtool;
using Nictune.Linux.IO;
using Nictune.Linux.Netlink;
using Nictune.Linux.State;
using Nictune.Linux.Sysfs;
using Nictune.Linux.Tuning;

namespace Nictune.Host.Tuning;

/// <summary>
/// The composition root of everything that tunes: one ethtool socket, the Linux setting store behind a bounded
/// retry of transient errors, the state directory and the transaction engine. The CLI verbs and the daemon share it.
/// The ethtool socket and the discovery's netlink socket belong to the network namespace the process runs in.
/// </summary>
internal sealed class TuningRuntime : IDisposable
{
    private readonly EthtoolClient _ethtool;

    /// <summary>On the live root, discovery's link dump (docs/discovery.md); its socket opens at the first pass.</summary>
    private readonly LiveLinkSource? _links;

#if NICTUNE_FAULT_HOOK
    /// <summary>Test builds: the interfaces the driver simulators stand for (<see cref="SimulatedDriverStore"/>).</summary>
    private readonly SimulatedDriverStore? _simulated;
#endif

    private TuningRuntime(SystemRoot root, string stateDirectory, TransientRetryOptions? retry, TimeProvider time)
    {
        Root = root;
        StateDirectory = stateDirectory;
        _ethtool = new EthtoolClient();
        _links = root.IsLive ? new LiveLinkSource() : null;
        ISettingStore settings = new RetryingSettingStore(new LinuxSettingStore(root, _ethtool), retry);
#if NICTUNE_FAULT_HOOK
        // Test builds only: the shipped binary has no way to pause mid-transaction.
        settings = FaultHookSettingStore.WrapIfRequested(settings);
        settings = SimulatedRingStore.WrapIfRequested(settings);
        settings = SimulatedDriverStore.WrapIfRequested(settings);
        _simulated = settings as SimulatedDriverStore;
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
    public SystemInventory Detect() => Simulated(Discovery(Root, _ethtool, _links).Refill(Facts));

    /// <summary>What <see cref="Detect"/> gives, reading only what <see cref="Facts"/> does not hold or what changes without a link event.</summary>
    public SystemInventory DetectFromCache() => Simulated(Discovery(Root, _ethtool, _links).Discover(Facts));

#if NICTUNE_FAULT_HOOK
    private SystemInventory Simulated(SystemInventory inventory) => _simulated?.Describe(inventory) ?? inventory;
#else
    private static SystemInventory Simulated(SystemInventory inventory) => inventory;
#endif

    /// <summary>
    /// On a live system the driver name, version and firmware also come from ethtool, and the scalar link facts from
    /// one rtnetlink dump; a fixture tree has no kernel behind it.
    /// </summary>
    public static SystemInventory Discover(SystemRoot root, IEthtoolClient? ethtool)
    {
        using var links = root.IsLive ? new LiveLinkSource() : null;
        return Discovery(root, ethtool, links).Discover();
    }

    private static SysfsDiscovery Discovery(SystemRoot root, IEthtoolClient? ethtool, LiveLinkSource? links) =>
        new(root, root.IsLive && ethtool is not null ? new EthtoolDriverInfoSource(ethtool) : null, root.IsLive ? links : null);

    public HostFacts ReadHostFacts() => new LinuxHostFactsReader(Root).Read();

    public void Dispose()
    {
        _links?.Dispose();
        _ethtool.Dispose();
    }
}

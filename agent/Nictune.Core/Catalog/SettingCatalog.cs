using System.Collections.Frozen;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;

namespace Nictune.Core.Catalog;

/// <summary>
/// Every interface setting nictune manages, described once: its name, its profile key and limits, how the Linux
/// adapter reaches it. The profile parser's keys, the validator, the state files' key policy
/// (<see cref="Tuning.SettingKeyPolicy"/>), the planner's generic path and the Linux store's dispatch all read this
/// table. A per-interface sysfs integer is one <see cref="Number"/> entry here with a <see cref="KernelFileAccess"/>.
/// The limits' reasons are in <see cref="ProfileLimits"/>; the kernel facts behind each file in docs/drivers.md and
/// docs/profiles.md. Sysctls (host level) are named by their key and checked by <see cref="Tuning.SysctlKey"/>.
/// </summary>
public static class SettingCatalog
{
    private const string NoCoalesceMaximum = "ethtool reports no maximum for coalescing parameters";

    /// <summary>The settings with a fixed name, in the order a plan lists them: grouped ones first, by group.</summary>
    public static IReadOnlyList<SettingDefinition> Settings { get; } =
    [
        Number(SettingNames.RingRx, Ring("rx_pending"), new(1, ProfileLimits.RingMax, AllowMax: true),
            s => s.Ring?.Rx, (s, v) => s with { Ring = (s.Ring ?? new()) with { Rx = v } }),
        // rx-mini and rx-jumbo may be 0 (vmxnet3's rx-mini 0 disables the data ring).
        Number(SettingNames.RingRxMini, Ring("rx_mini_pending"), new(0, ProfileLimits.RingMax, AllowMax: true),
            s => s.Ring?.RxMini, (s, v) => s with { Ring = (s.Ring ?? new()) with { RxMini = v } }),
        Number(SettingNames.RingRxJumbo, Ring("rx_jumbo_pending"), new(0, ProfileLimits.RingMax, AllowMax: true),
            s => s.Ring?.RxJumbo, (s, v) => s with { Ring = (s.Ring ?? new()) with { RxJumbo = v } }),
        Number(SettingNames.RingTx, Ring("tx_pending"), new(1, ProfileLimits.RingMax, AllowMax: true),
            s => s.Ring?.Tx, (s, v) => s with { Ring = (s.Ring ?? new()) with { Tx = v } }),

        // 0 is a legal count for one kind of channel when the device uses another (combined 0 with separate rx/tx).
        Number(SettingNames.ChannelsCombined, Channels("combined_count"), new(0, ProfileLimits.ChannelsMax, AllowMax: true, AllowCpus: true),
            s => s.Channels?.Combined, (s, v) => s with { Channels = (s.Channels ?? new()) with { Combined = v } }),
        Number(SettingNames.ChannelsRx, Channels("rx_count"), new(0, ProfileLimits.ChannelsMax, AllowMax: true, AllowCpus: true),
            s => s.Channels?.Rx, (s, v) => s with { Channels = (s.Channels ?? new()) with { Rx = v } }),
        Number(SettingNames.ChannelsTx, Channels("tx_count"), new(0, ProfileLimits.ChannelsMax, AllowMax: true, AllowCpus: true),
            s => s.Channels?.Tx, (s, v) => s with { Channels = (s.Channels ?? new()) with { Tx = v } }),

        Toggle(SettingNames.CoalesceAdaptiveRx, Coalesce("use_adaptive_rx_coalesce"),
            s => s.Coalesce?.AdaptiveRx, (s, v) => s with { Coalesce = (s.Coalesce ?? new()) with { AdaptiveRx = v } }),
        Toggle(SettingNames.CoalesceAdaptiveTx, Coalesce("use_adaptive_tx_coalesce"),
            s => s.Coalesce?.AdaptiveTx, (s, v) => s with { Coalesce = (s.Coalesce ?? new()) with { AdaptiveTx = v } }),
        Number(SettingNames.CoalesceRxUsecs, Coalesce("rx_coalesce_usecs"), new(0, ProfileLimits.UsecsMax, SymbolNote: NoCoalesceMaximum),
            s => s.Coalesce?.RxUsecs, (s, v) => s with { Coalesce = (s.Coalesce ?? new()) with { RxUsecs = v } }),
        Number(SettingNames.CoalesceTxUsecs, Coalesce("tx_coalesce_usecs"), new(0, ProfileLimits.UsecsMax, SymbolNote: NoCoalesceMaximum),
            s => s.Coalesce?.TxUsecs, (s, v) => s with { Coalesce = (s.Coalesce ?? new()) with { TxUsecs = v } }),
        Number(SettingNames.CoalesceRxFrames, Coalesce("rx_max_coalesced_frames"), new(0, ProfileLimits.FramesMax, SymbolNote: NoCoalesceMaximum),
            s => s.Coalesce?.RxFrames, (s, v) => s with { Coalesce = (s.Coalesce ?? new()) with { RxFrames = v } }),
        Number(SettingNames.CoalesceTxFrames, Coalesce("tx_max_coalesced_frames"), new(0, ProfileLimits.FramesMax, SymbolNote: NoCoalesceMaximum),
            s => s.Coalesce?.TxFrames, (s, v) => s with { Coalesce = (s.Coalesce ?? new()) with { TxFrames = v } }),

        Number(SettingNames.TxQueueLen, new KernelFileAccess(FileDirectory.Interface, "tx_queue_len"),
            new(0, ProfileLimits.TxQueueLenMax, SymbolNote: "the kernel reports no maximum for txqueuelen"),
            s => s.TxQueueLen is { } n ? ProfileValue.Of(n) : null, (s, v) => s with { TxQueueLen = v.Number }),

        // NAPI's software interrupt coalescing (docs/profiles.md, "NAPI"): the repoll timer in nanoseconds, bounded like
        // coalesce.*-usecs at 100 ms, and the empty polls before hardware interrupts return, up to the kernel's S32_MAX.
        Number("gro-flush-timeout", new KernelFileAccess(FileDirectory.Interface, "gro_flush_timeout"),
            new(0, ProfileLimits.UsecsMax * 1000, SymbolNote: "the kernel reports no maximum for gro_flush_timeout")),
        Number("napi-defer-hard-irqs", new KernelFileAccess(FileDirectory.Interface, "napi_defer_hard_irqs"),
            new(0, int.MaxValue, SymbolNote: "the kernel reports no maximum for napi_defer_hard_irqs")),
    ];

    /// <summary>The settings named by a prefix and a member: one per feature, queue or IRQ of a device.</summary>
    public static IReadOnlyList<SettingFamily> Families { get; } =
    [
        new(SettingNames.FeaturePrefix, SettingKind.Feature, SettingLevel.Interface, MemberRule.FeatureName, new EthtoolAccess(EthtoolBlock.Features, string.Empty)),
        new(SettingNames.RpsCpusPrefix, SettingKind.RpsCpus, SettingLevel.Queue, MemberRule.RxQueue, new KernelFileAccess(FileDirectory.Queue, "rps_cpus")),
        new(SettingNames.RpsFlowCountPrefix, SettingKind.RpsFlowCount, SettingLevel.Queue, MemberRule.RxQueue, new KernelFileAccess(FileDirectory.Queue, "rps_flow_cnt")),
        new(SettingNames.XpsCpusPrefix, SettingKind.XpsCpus, SettingLevel.Queue, MemberRule.TxQueue, new KernelFileAccess(FileDirectory.Queue, "xps_cpus")),
        new(SettingNames.IrqAffinityPrefix, SettingKind.IrqAffinity, SettingLevel.Queue, MemberRule.Irq, new KernelFileAccess(FileDirectory.Irq, "smp_affinity_list")),
    ];

    private static readonly FrozenDictionary<string, SettingDefinition> ByName = Settings.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>The setting with this fixed name, or null.</summary>
    public static SettingDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>
    /// The catalog's entry for <paramref name="name"/>: the setting, or the family it is a member of (with the
    /// member), or neither when nictune does not manage such a setting.
    /// </summary>
    public static bool TryResolve(string name, out SettingDefinition? setting, out SettingFamily? family, out string member)
    {
        ArgumentNullException.ThrowIfNull(name);
        setting = Find(name);
        family = null;
        member = string.Empty;
        if (setting is not null)
        {
            return true;
        }

        foreach (var candidate in Families)
        {
            if (name.StartsWith(candidate.Prefix, StringComparison.Ordinal) && candidate.IsMember(name.AsSpan(candidate.Prefix.Length)))
            {
                family = candidate;
                member = name[candidate.Prefix.Length..];
                return true;
            }
        }

        return false;
    }

    /// <summary>The rule keys that hold a mapping of settings (<c>ring</c>, <c>channels</c>, <c>coalesce</c>), in order.</summary>
    public static IReadOnlyList<string> Groups { get; } = Settings.Select(s => s.Group).OfType<string>().Distinct().ToArray();

    /// <summary>The settings under one group key, in order.</summary>
    public static IReadOnlyList<SettingDefinition> InGroup(string group) => Settings.Where(s => s.Group == group).ToArray();

    /// <summary>The settings that are keys of a rule itself (<c>txqueuelen</c>), in order.</summary>
    public static IReadOnlyList<SettingDefinition> Ungrouped { get; } = Settings.Where(s => s.Group is null).ToArray();

    private static EthtoolAccess Ring(string field) => new(EthtoolBlock.Ring, field);

    private static EthtoolAccess Channels(string field) => new(EthtoolBlock.Channels, field);

    private static EthtoolAccess Coalesce(string field) => new(EthtoolBlock.Coalesce, field);

    /// <summary>A number kept where <paramref name="get"/> and <paramref name="set"/> say (a typed member of the rule's settings).</summary>
    private static NumberSetting Number(string name, SettingAccess access, Limits limits,
        Func<InterfaceSettings, ProfileValue?> get, Func<InterfaceSettings, ProfileValue, InterfaceSettings> set) =>
        new(name, SettingNames.KindOf(name), access, limits.For(KeyOf(name)), get, set);

    /// <summary>A number kept in the rule's <see cref="InterfaceSettings.Values"/>: an entry needs nothing else.</summary>
    private static NumberSetting Number(string name, SettingAccess access, Limits limits) =>
        Number(name, access, limits, s => s.Values?.TryGetValue(name, out var v) == true ? v : null,
            (s, v) => s with { Values = new Dictionary<string, ProfileValue>(s.Values ?? new Dictionary<string, ProfileValue>(), StringComparer.Ordinal) { [name] = v } });

    private static ToggleSetting Toggle(string name, SettingAccess access, Func<InterfaceSettings, bool?> get, Func<InterfaceSettings, bool, InterfaceSettings> set) =>
        new(name, SettingNames.KindOf(name), access, get, set);

    private static string KeyOf(string name) => name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>A numeric setting's range and symbols; the profile key is filled in from the name.</summary>
    private sealed record Limits(long Min, long Max, bool AllowMax = false, bool AllowCpus = false, string? SymbolNote = null)
    {
        public NumericField For(string key) => new(key, Min, Max, AllowMax, AllowCpus, SymbolNote);
    }
}

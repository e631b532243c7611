using System.Collections.Frozen;
using Nictune.Core.Catalog;
using Nictune.Core.Model;

namespace Nictune.Core.Profiles;

/// <summary>
/// The keys and words a profile file may use. A rule's setting keys come from <see cref="SettingCatalog"/>: its groups
/// (<c>ring</c>, <c>channels</c>, <c>coalesce</c>) and its ungrouped settings (<c>txqueuelen</c>); the keys of the
/// settings planned by their own steps (features, RPS, XPS, IRQ affinity) are named here.
/// </summary>
internal static class ProfileSchema
{
    public const string Match = "match";
    public const string Features = "features";
    public const string Rps = "rps";
    public const string Xps = "xps";
    public const string IrqAffinity = "irq-affinity";

    public static readonly string[] TopKeys = ["name", "description", "extends", "sysctl", "interfaces"];

    /// <summary>A rule's keys, in the order messages list them.</summary>
    public static readonly string[] RuleKeys =
        [Match, .. SettingCatalog.Groups, Features, .. SettingCatalog.Ungrouped.Select(s => s.Key), Rps, Xps, IrqAffinity];

    /// <summary>Each group's keys (<c>ring</c>: rx, rx-mini, rx-jumbo, tx), in catalog order.</summary>
    public static readonly FrozenDictionary<string, string[]> GroupKeys =
        SettingCatalog.Groups.ToFrozenDictionary(g => g, g => SettingCatalog.InGroup(g).Select(s => s.Key).ToArray(), StringComparer.Ordinal);

    public static readonly string[] MatchKeys = ["class", "driver", "name", "hypervisor"];
    public static readonly string[] RpsKeys = ["cpus", "flow-count"];
    public static readonly string[] SysctlValueKeys = [SysctlFloor.Key];

    // The spellings of NicClass and Hypervisor in profiles; the same strings as their JSON names.
    public static readonly Dictionary<string, NicClass> Classes = new(StringComparer.Ordinal)
    {
        ["paravirtual"] = NicClass.Paravirtual,
        ["emulated"] = NicClass.Emulated,
        ["sriov-vf"] = NicClass.SriovVf,
        ["passthrough-pf"] = NicClass.PassthroughPf,
        ["physical"] = NicClass.Physical,
        ["software"] = NicClass.Software,
        ["unknown"] = NicClass.Unknown,
    };

    public static readonly Dictionary<string, Hypervisor> Hypervisors = new(StringComparer.Ordinal)
    {
        ["vmware"] = Hypervisor.VMware,
        ["kvm"] = Hypervisor.Kvm,
        ["hyperv"] = Hypervisor.HyperV,
        ["xen"] = Hypervisor.Xen,
        ["other"] = Hypervisor.Other,
        ["qemu"] = Hypervisor.Qemu,
        ["none"] = Hypervisor.None,
    };

    public static readonly Dictionary<string, XpsMode> XpsModes = new(StringComparer.Ordinal)
    {
        ["off"] = XpsMode.Off,
        ["auto"] = XpsMode.Auto,
    };

    public static readonly Dictionary<string, IrqAffinityMode> IrqModes = new(StringComparer.Ordinal)
    {
        ["none"] = IrqAffinityMode.None,
        ["local"] = IrqAffinityMode.Local,
        ["spread"] = IrqAffinityMode.Spread,
    };
}

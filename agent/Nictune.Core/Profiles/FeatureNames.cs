using System.Collections.Frozen;

namespace Nictune.Core.Profiles;

/// <summary>
/// The one table of netdev feature names: the kernel's names (the ETH_SS_FEATURES string set,
/// <c>netdev_features_strings</c> in net/ethtool/common.c) and ethtool's short and long aliases for them.
/// <para>
/// Like ethtool, a short name may stand for a group of kernel features: <c>tso</c> is every
/// <c>tx-tcp*-segmentation</c>, <c>tx</c> every <c>tx-checksum-*</c>. A group lists every member any supported
/// kernel has; a device or an older kernel lacks some of them, and the planner treats a feature the device does not
/// report as unsupported on that device rather than as an error, just as ethtool skips them.
/// </para>
/// </summary>
public static class FeatureNames
{
    /// <summary>ethtool's short and long names → the kernel features they stand for (ethtool.c's off_flag_def table).</summary>
    public static readonly FrozenDictionary<string, IReadOnlyList<string>> Aliases = BuildAliases();

    /// <summary>Every kernel feature name known to nictune (Linux 6.12 plus later additions).</summary>
    public static readonly FrozenSet<string> Kernel = FrozenSet.ToFrozenSet(
    [
        "tx-scatter-gather",
        "tx-checksum-ipv4",
        "tx-checksum-ip-generic",
        "tx-checksum-ipv6",
        "highdma",
        "tx-scatter-gather-fraglist",
        "tx-vlan-hw-insert",
        "rx-vlan-hw-parse",
        "rx-vlan-filter",
        "vlan-challenged",
        "tx-generic-segmentation",
        "tx-lockless",
        "netns-local",
        "rx-gro",
        "rx-lro",
        "tx-tcp-segmentation",
        "tx-gso-robust",
        "tx-tcp-ecn-segmentation",
        "tx-tcp-mangleid-segmentation",
        "tx-tcp6-segmentation",
        "tx-tcp-accecn-segmentation",
        "tx-fcoe-segmentation",
        "tx-gre-segmentation",
        "tx-gre-csum-segmentation",
        "tx-ipxip4-segmentation",
        "tx-ipxip6-segmentation",
        "tx-udp_tnl-segmentation",
        "tx-udp_tnl-csum-segmentation",
        "tx-gso-partial",
        "tx-tunnel-remcsum-segmentation",
        "tx-sctp-segmentation",
        "tx-esp-segmentation",
        "tx-udp-segmentation",
        "tx-gso-list",
        "tx-checksum-fcoe-crc",
        "tx-checksum-sctp",
        "fcoe-mtu",
        "rx-ntuple-filter",
        "rx-hashing",
        "rx-checksum",
        "tx-nocache-copy",
        "loopback",
        "rx-fcs",
        "rx-all",
        "tx-vlan-stag-hw-insert",
        "rx-vlan-stag-hw-parse",
        "rx-vlan-stag-filter",
        "l2-fwd-offload",
        "hw-tc-offload",
        "esp-hw-offload",
        "esp-tx-csum-hw-offload",
        "rx-udp_tunnel-port-offload",
        "tls-hw-tx-offload",
        "tls-hw-rx-offload",
        "rx-gro-hw",
        "tls-hw-record",
        "rx-gro-list",
        "macsec-hw-offload",
        "rx-udp-gro-forwarding",
        "hsr-tag-ins-offload",
        "hsr-tag-rm-offload",
        "hsr-fwd-offload",
        "hsr-dup-offload",
    ], StringComparer.Ordinal);

    /// <summary>
    /// The kernel features a profile key stands for: an alias's group, or the kernel name itself.
    /// Null when the name is neither (a typo, or a feature newer than this table).
    /// </summary>
    public static IReadOnlyList<string>? Expand(string name) =>
        Aliases.TryGetValue(name, out var group) ? group
        : Kernel.Contains(name) ? [name]
        : null;

    /// <summary>True for ethtool's short or long aliases (<c>tso</c>, <c>generic-receive-offload</c>).</summary>
    public static bool IsAlias(string name) => Aliases.ContainsKey(name);

    private static FrozenDictionary<string, IReadOnlyList<string>> BuildAliases()
    {
        string[] rxChecksum = ["rx-checksum"];
        string[] txChecksum = ["tx-checksum-ipv4", "tx-checksum-ip-generic", "tx-checksum-ipv6", "tx-checksum-fcoe-crc", "tx-checksum-sctp"];
        string[] scatterGather = ["tx-scatter-gather", "tx-scatter-gather-fraglist"];
        string[] tso = ["tx-tcp-segmentation", "tx-tcp-ecn-segmentation", "tx-tcp-mangleid-segmentation", "tx-tcp6-segmentation", "tx-tcp-accecn-segmentation"];
        string[] gso = ["tx-generic-segmentation"];
        string[] gro = ["rx-gro"];
        string[] lro = ["rx-lro"];
        string[] rxVlan = ["rx-vlan-hw-parse"];
        string[] txVlan = ["tx-vlan-hw-insert"];
        string[] ntuple = ["rx-ntuple-filter"];
        string[] rxHash = ["rx-hashing"];

        // Short name and long name, in the order `ethtool -k` prints them.
        return new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["rx"] = rxChecksum,
            ["rx-checksumming"] = rxChecksum,
            ["tx"] = txChecksum,
            ["tx-checksumming"] = txChecksum,
            ["sg"] = scatterGather,
            ["scatter-gather"] = scatterGather,
            ["tso"] = tso,
            ["tcp-segmentation-offload"] = tso,
            ["gso"] = gso,
            ["generic-segmentation-offload"] = gso,
            ["gro"] = gro,
            ["generic-receive-offload"] = gro,
            ["lro"] = lro,
            ["large-receive-offload"] = lro,
            ["rxvlan"] = rxVlan,
            ["rx-vlan-offload"] = rxVlan,
            ["txvlan"] = txVlan,
            ["tx-vlan-offload"] = txVlan,
            ["ntuple"] = ntuple,
            ["ntuple-filters"] = ntuple,
            ["rxhash"] = rxHash,
            ["receive-hashing"] = rxHash,
        }.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

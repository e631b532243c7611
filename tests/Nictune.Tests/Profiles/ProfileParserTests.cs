using Nictune.Core.Model;
using Nictune.Core.Profiles;
using Xunit;

namespace Nictune.Tests.Profiles;

public sealed class ProfileParserTests
{
    private const string Full = """
        name: full
        description: Every field of the format.
        extends: [balanced, other]
        sysctl:
          net.ipv4.tcp_rmem: "4096 131072 16777216"
          net/core/somaxconn: 4096
          vm.min_free_kbytes: 65536
          net.ipv4.tcp_congestion_control: bbr
        interfaces:
          - match: { class: [sriov-vf, passthrough-pf], driver: [ena, mlx5_core], name: "eth*", hypervisor: [kvm, xen] }
            ring: { rx: 4096, rx-mini: 0, rx-jumbo: max, tx: 1024 }
            channels: { combined: cpus, rx: 0, tx: max }
            coalesce: { adaptive-rx: on, adaptive-tx: off, rx-usecs: 125, tx-usecs: 0, rx-frames: 64, tx-frames: 128 }
            features: { gro: on, lro: off, rx-udp-gro-forwarding: true }
            txqueuelen: 10000
            rps: { cpus: "0-3,8", flow-count: 4096 }
            xps: auto
            irq-affinity: spread
          - match:
              class: paravirtual
              driver: vmxnet3
            channels: { combined: 4 }
            rps: { cpus: local }
            xps: off
            irq-affinity: local
          - match: { name: "vt?" }
            rps: { cpus: all }
            irq-affinity: none
          - ring: { rx: max }
        """;

    [Fact]
    public void Parses_every_top_level_field()
    {
        var profile = ProfileParser.Parse(Full, "dir/full.yaml");

        Assert.Equal("full", profile.Name);
        Assert.Equal("Every field of the format.", profile.Description);
        Assert.Equal("dir/full.yaml", profile.Source);
        Assert.Equal(["balanced", "other"], profile.Extends);
        Assert.Equal([new SourceLocation("dir/full.yaml", 3, 11), new SourceLocation("dir/full.yaml", 3, 21)], profile.ExtendsLocations);
        Assert.Equal("4096 131072 16777216", profile.Sysctl["net.ipv4.tcp_rmem"]);
        Assert.Equal("4096", profile.Sysctl["net.core.somaxconn"]);
        Assert.Equal("65536", profile.Sysctl["vm.min_free_kbytes"]);
        Assert.Equal("bbr", profile.Sysctl["net.ipv4.tcp_congestion_control"]);
        Assert.Equal(4, profile.Sysctl.Count);
        Assert.Equal(new SourceLocation("dir/full.yaml", 6, 3), profile.SysctlLocations["net.core.somaxconn"]);
        Assert.Equal(4, profile.Interfaces.Count);
    }

    [Fact]
    public void Parses_match_criteria_as_single_values_or_lists()
    {
        var rules = ProfileParser.Parse(Full, "full.yaml").Interfaces;

        var first = rules[0].Match;
        Assert.Equal([NicClass.SriovVf, NicClass.PassthroughPf], first.Classes);
        Assert.Equal(["ena", "mlx5_core"], first.Drivers);
        Assert.Equal(["eth*"], first.Names);
        Assert.Equal([Hypervisor.Kvm, Hypervisor.Xen], first.Hypervisors);

        var second = rules[1].Match;
        Assert.Equal([NicClass.Paravirtual], second.Classes);
        Assert.Equal(["vmxnet3"], second.Drivers);
        Assert.Null(second.Names);
        Assert.Null(second.Hypervisors);

        Assert.Equal(["vt?"], rules[2].Match.Names);
        Assert.True(ProfileValidator.IsCatchAll(rules[3].Match));
    }

    [Fact]
    public void Records_the_location_of_each_rule()
    {
        var rules = ProfileParser.Parse(Full, "full.yaml").Interfaces;
        Assert.Equal([10, 19, 26, 29], rules.Select(r => r.Location.Line));
        Assert.All(rules, r => Assert.Equal("full.yaml", r.Location.File));
        Assert.All(rules, r => Assert.Equal(5, r.Location.Column));
    }

    [Fact]
    public void Parses_rings_channels_and_coalescing()
    {
        var settings = ProfileParser.Parse(Full, "full.yaml").Interfaces[0].Settings;

        Assert.Equal(new RingSettings(ProfileValue.Of(4096), ProfileValue.Of(0), ProfileValue.Max, ProfileValue.Of(1024)), settings.Ring);
        Assert.Equal(new ChannelSettings(ProfileValue.Cpus, ProfileValue.Of(0), ProfileValue.Max), settings.Channels);
        Assert.Equal(
            new CoalesceSettings(AdaptiveRx: true, AdaptiveTx: false, RxUsecs: ProfileValue.Of(125), TxUsecs: ProfileValue.Of(0), RxFrames: ProfileValue.Of(64), TxFrames: ProfileValue.Of(128)),
            settings.Coalesce);
    }

    [Fact]
    public void Parses_features_txqueuelen_rps_xps_and_irq_affinity()
    {
        var rules = ProfileParser.Parse(Full, "full.yaml").Interfaces;
        var settings = rules[0].Settings;

        Assert.Equal(
            new Dictionary<string, bool> { ["rx-gro"] = true, ["rx-lro"] = false, ["rx-udp-gro-forwarding"] = true },
            settings.Features);
        Assert.Equal(10000, settings.TxQueueLen);
        Assert.Equal(new RpsSettings(new CpuSelection(CpuSelectionKind.List, "0-3,8"), 4096), settings.Rps);
        Assert.Equal(XpsMode.Auto, settings.Xps);
        Assert.Equal(IrqAffinityMode.Spread, settings.IrqAffinity);

        Assert.Equal(new ChannelSettings(Combined: ProfileValue.Of(4)), rules[1].Settings.Channels);
        Assert.Equal(CpuSelection.Local, rules[1].Settings.Rps!.Cpus);
        Assert.Null(rules[1].Settings.Rps!.FlowCount);
        Assert.Equal(XpsMode.Off, rules[1].Settings.Xps);
        Assert.Equal(IrqAffinityMode.Local, rules[1].Settings.IrqAffinity);

        Assert.Equal(CpuSelection.All, rules[2].Settings.Rps!.Cpus);
        Assert.Equal(IrqAffinityMode.None, rules[2].Settings.IrqAffinity);
        Assert.Null(rules[2].Settings.Ring);
        Assert.Null(rules[2].Settings.Features);
        Assert.Null(rules[2].Settings.TxQueueLen);
        Assert.Null(rules[2].Settings.Xps);

        Assert.Equal(new RingSettings(Rx: ProfileValue.Max), rules[3].Settings.Ring);
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("off", false)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("True", true)]
    [InlineData("OFF", false)]
    [InlineData("\"on\"", true)]
    public void Reads_booleans(string text, bool expected)
    {
        var profile = ProfileParser.Parse($"interfaces:\n  - coalesce: {{ adaptive-rx: {text} }}\n", "b.yaml");
        Assert.Equal(expected, profile.Interfaces[0].Settings.Coalesce!.AdaptiveRx);
    }

    [Fact]
    public void Name_defaults_to_the_file_name()
    {
        var profile = ProfileParser.Parse("description: no name\n", "/etc/nictune/profiles/quiet.yaml");
        Assert.Equal("quiet", profile.Name);
    }

    [Fact]
    public void Extends_accepts_a_single_name()
    {
        var profile = ProfileParser.Parse("extends: balanced\n", "one.yaml");
        Assert.Equal(["balanced"], profile.Extends);
    }

    [Fact]
    public void Empty_sections_and_an_empty_match_set_nothing()
    {
        var profile = ProfileParser.Parse("""
            sysctl: {}
            interfaces:
              - match: {}
                ring: {}
                coalesce: {}
                features: {}
                rps: {}
            """, "empty.yaml");

        Assert.Empty(profile.Sysctl);
        var rule = Assert.Single(profile.Interfaces);
        Assert.True(ProfileValidator.IsCatchAll(rule.Match));
        Assert.Equal(new InterfaceSettings(), rule.Settings);
    }

    [Fact]
    public void A_rule_without_settings_excludes_the_interfaces_it_matches()
    {
        var profile = ProfileParser.Parse("interfaces:\n  - match: { class: software }\n  - ring: { rx: max }\n", "x.yaml");
        Assert.Equal([NicClass.Software], profile.Interfaces[0].Match.Classes);
        Assert.Equal(new InterfaceSettings(), profile.Interfaces[0].Settings);
    }

    [Fact]
    public void Every_class_and_hypervisor_spelling_is_known()
    {
        var profile = ProfileParser.Parse("""
            interfaces:
              - match:
                  class: [paravirtual, emulated, sriov-vf, passthrough-pf, physical, software, unknown]
                  hypervisor: [vmware, kvm, qemu, hyperv, xen, other, none]
            """, "all.yaml");
        var match = profile.Interfaces[0].Match;
        Assert.Equal(Enum.GetValues<NicClass>().Order(), match.Classes!.Order());
        Assert.Equal(Enum.GetValues<Hypervisor>().Order(), match.Hypervisors!.Order());
    }

    [Fact]
    public void Sysctl_values_keep_their_kernel_text()
    {
        var profile = ProfileParser.Parse("""
            sysctl:
              net.ipv4.ip_local_port_range: "1024	65000"
              net.ipv4.tcp_fastopen: 3
              net.ipv4.tcp_timestamps: "0"
              net.core.default_qdisc: fq
            """, "s.yaml");
        Assert.Equal("1024\t65000", profile.Sysctl["net.ipv4.ip_local_port_range"]);
        Assert.Equal("3", profile.Sysctl["net.ipv4.tcp_fastopen"]);
        Assert.Equal("0", profile.Sysctl["net.ipv4.tcp_timestamps"]);
        Assert.Equal("fq", profile.Sysctl["net.core.default_qdisc"]);
    }

    [Theory]
    [InlineData("ring: { rx: 65536 }")]
    [InlineData("ring: { rx-mini: 0, rx-jumbo: 0 }")]
    [InlineData("channels: { combined: 1024 }")]
    [InlineData("coalesce: { rx-usecs: 100000, rx-frames: 65536 }")]
    [InlineData("txqueuelen: 1000000")]
    [InlineData("txqueuelen: 0")]
    [InlineData("rps: { flow-count: 1048576 }")]
    [InlineData("rps: { cpus: \"8191\" }")]
    public void Accepts_values_at_the_bounds(string setting)
    {
        var profile = ProfileParser.Parse($"interfaces:\n  - {setting}\n", "bounds.yaml");
        Assert.Single(profile.Interfaces);
    }
}

using Nictune.Core.Model;
using Nictune.Core.Profiles;
using Nictune.Linux.Profiles;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Profiles;

/// <summary>The profiles in packaging/profiles: every one parses, validates and resolves, and auto routes by class.</summary>
public sealed class ShippedProfilesTests
{
    private static readonly string Directory = Path.Join(NictuneBinary.RepoRoot, "packaging", "profiles");

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    private static ProfileCatalog Catalog() => new([Directory]);

    [Fact]
    public void The_expected_profiles_are_shipped()
    {
        Assert.Equal(
            ["auto", "balanced", "passthrough-pf-throughput", "sriov-vf-latency", "sriov-vf-throughput", "virtio-throughput", "vmxnet3-latency", "vmxnet3-throughput"],
            Names().Select(row => row.Data));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_shipped_profile_parses_validates_and_resolves(string name)
    {
        var catalog = Catalog();
        var written = catalog.Find(name);
        Assert.NotNull(written);
        Assert.Equal(name, written.Name);
        Assert.False(string.IsNullOrWhiteSpace(written.Description));

        var resolved = catalog.Load(name);
        Assert.Empty(resolved.Extends);
        Assert.NotEmpty(resolved.Sysctl);
        Assert.Equal("balanced.yaml", Path.GetFileName(resolved.Interfaces[^1].Location.File));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_value_in_a_shipped_profile_cites_its_source(string name)
    {
        // A file with values says where they come from: docs/drivers.md sections, by number. auto only combines others.
        var written = Catalog().Find(name)!;
        var text = File.ReadAllText(Path.Join(Directory, name + ".yaml"));
        Assert.Equal(written.Sysctl.Count > 0 || written.Interfaces.Count > 0, text.Contains("(§7)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(NicClass.Paravirtual, "vmxnet3", Hypervisor.VMware, "vmxnet3-throughput")]
    [InlineData(NicClass.Paravirtual, "virtio_net", Hypervisor.Kvm, "virtio-throughput")]
    [InlineData(NicClass.Paravirtual, "hv_netvsc", Hypervisor.HyperV, "sriov-vf-throughput")]
    [InlineData(NicClass.SriovVf, "ena", Hypervisor.Kvm, "sriov-vf-throughput")]
    [InlineData(NicClass.SriovVf, "mana", Hypervisor.HyperV, "sriov-vf-throughput")]
    [InlineData(NicClass.SriovVf, "iavf", Hypervisor.Kvm, "sriov-vf-throughput")]
    [InlineData(NicClass.PassthroughPf, "mlx5_core", Hypervisor.Kvm, "passthrough-pf-throughput")]
    [InlineData(NicClass.PassthroughPf, "ice", Hypervisor.VMware, "passthrough-pf-throughput")]
    [InlineData(NicClass.Emulated, "e1000", Hypervisor.VMware, "balanced")]
    [InlineData(NicClass.Physical, "ixgbe", Hypervisor.None, "balanced")]
    [InlineData(NicClass.Software, "veth", Hypervisor.Kvm, "balanced")]
    [InlineData(NicClass.Unknown, "gve", Hypervisor.Kvm, "balanced")]
    public void Auto_picks_the_throughput_rule_of_each_class(NicClass nicClass, string driver, Hypervisor hypervisor, string expected)
    {
        var auto = Catalog().Load("auto");
        var rule = auto.Interfaces.First(r => Matches(r.Match, nicClass, driver, "eth0", hypervisor));
        Assert.Equal(expected + ".yaml", Path.GetFileName(rule.Location.File));
    }

    [Fact]
    public void Auto_gives_each_vf_driver_its_vendors_rule()
    {
        var auto = Catalog().Load("auto");
        Assert.Equal(ProfileValue.Of(1024), Settings(auto, NicClass.SriovVf, "mlx5_core", Hypervisor.HyperV).Ring!.Rx);
        Assert.Equal(ProfileValue.Of(8192), Settings(auto, NicClass.SriovVf, "mlx5_core", Hypervisor.Kvm).Ring!.Rx);
        Assert.Equal(ProfileValue.Of(4096), Settings(auto, NicClass.SriovVf, "ena", Hypervisor.Kvm).Ring!.Rx);
        Assert.Equal(ProfileValue.Cpus, Settings(auto, NicClass.SriovVf, "ena", Hypervisor.Kvm).Channels!.Combined);
        Assert.Null(Settings(auto, NicClass.SriovVf, "ixgbevf", Hypervisor.Kvm).Channels);
        Assert.Equal(ProfileValue.Max, Settings(auto, NicClass.SriovVf, "bnxt_en", Hypervisor.Kvm).Channels!.Combined);
        Assert.Equal(new InterfaceSettings(), Settings(auto, NicClass.Software, "veth", Hypervisor.Kvm));
    }

    [Fact]
    public void Auto_sets_the_throughput_sysctls()
    {
        var auto = Catalog().Load("auto");
        Assert.Equal("4096 131072 16777216", auto.Sysctl["net.ipv4.tcp_rmem"]);
        Assert.Equal("600", auto.Sysctl["net.core.netdev_budget"]);
        Assert.Equal("2000", auto.Sysctl["net.core.netdev_max_backlog"]);
        Assert.Equal(
            ["auto", "vmxnet3-throughput", "virtio-throughput", "sriov-vf-throughput", "passthrough-pf-throughput", "balanced"],
            ProfileResolver.Linearize(Catalog().Find("auto")!, Catalog()).Select(p => p.Name));
    }

    [Fact]
    public void The_class_throughput_profiles_agree_on_their_sysctls()
    {
        // auto merges them; if they disagreed, the extends order would silently decide.
        var catalog = Catalog();
        var sysctls = new[] { "vmxnet3-throughput", "virtio-throughput", "sriov-vf-throughput", "passthrough-pf-throughput" }
            .Select(n => catalog.Load(n))
            .Select(p => p.Sysctl.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value, p.SysctlAtLeast.Contains(kv.Key))).ToList())
            .ToList();
        Assert.All(sysctls, s => Assert.Equal(sysctls[0], s));
    }

    [Fact]
    public void Buffers_budgets_and_backlogs_are_floors_and_everything_else_is_exact()
    {
        // More of these is never worse, so a host that holds more keeps it; the others are not "more is better".
        string[] floors = ["net.core.netdev_budget", "net.core.netdev_budget_usecs", "net.core.netdev_max_backlog", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
        var catalog = Catalog();

        var auto = catalog.Load("auto");
        Assert.Equal(floors, auto.SysctlAtLeast.Order(StringComparer.Ordinal));
        Assert.Equal(["net.ipv4.tcp_notsent_lowat", "net.ipv4.tcp_slow_start_after_idle"], auto.Sysctl.Keys.Except(floors).Order(StringComparer.Ordinal));

        foreach (var latency in new[] { "vmxnet3-latency", "sriov-vf-latency" })
        {
            var profile = catalog.Load(latency);
            Assert.Equal(["net.core.netdev_max_backlog", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"], profile.SysctlAtLeast.Order(StringComparer.Ordinal));
            Assert.DoesNotContain("net.core.busy_poll", profile.SysctlAtLeast);
            Assert.DoesNotContain("net.core.busy_read", profile.SysctlAtLeast);
            Assert.DoesNotContain("net.ipv4.tcp_fastopen", profile.SysctlAtLeast);
        }
    }

    [Fact]
    public void The_example_in_docs_resolves_against_the_shipped_profiles()
    {
        var doc = File.ReadAllText(Path.Join(NictuneBinary.RepoRoot, "docs", "profiles.md"));
        var start = doc.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];

        var example = ProfileResolver.Resolve(ProfileParser.Parse(yaml, "my-db.yaml"), Catalog());

        Assert.Equal("8192", example.Sysctl["net.core.somaxconn"]);
        Assert.Equal("4096 131072 33554432", example.Sysctl["net.ipv4.tcp_rmem"]);
        Assert.Contains("net.ipv4.tcp_rmem", example.SysctlAtLeast);
        Assert.DoesNotContain("net.core.somaxconn", example.SysctlAtLeast);
        Assert.Equal("50", example.Sysctl["net.core.busy_poll"]);
        Assert.Equal(["my-db.yaml", "my-db.yaml", "my-db.yaml"], example.Interfaces.Take(3).Select(r => r.Location.File));
    }

    private static InterfaceSettings Settings(Profile profile, NicClass nicClass, string driver, Hypervisor hypervisor) =>
        profile.Interfaces.First(r => Matches(r.Match, nicClass, driver, "eth0", hypervisor)).Settings;

    // The planner's matching, restated for this test: every criterion given must hold.
    private static bool Matches(RuleMatch match, NicClass nicClass, string driver, string name, Hypervisor hypervisor) =>
        (match.Classes is null || match.Classes.Contains(nicClass))
        && (match.Drivers is null || match.Drivers.Contains(driver))
        && (match.Names is null || match.Names.Any(pattern => InterfaceNameGlob.IsMatch(pattern, name)))
        && (match.Hypervisors is null || match.Hypervisors.Contains(hypervisor));
}

using Nictune.Core.Profiles;
using Xunit;

namespace Nictune.Tests.Profiles;

public sealed class FeatureNamesTests
{
    [Theory]
    [InlineData("gro", new[] { "rx-gro" })]
    [InlineData("lro", new[] { "rx-lro" })]
    [InlineData("gso", new[] { "tx-generic-segmentation" })]
    [InlineData("rx", new[] { "rx-checksum" })]
    [InlineData("rxhash", new[] { "rx-hashing" })]
    [InlineData("ntuple", new[] { "rx-ntuple-filter" })]
    [InlineData("rxvlan", new[] { "rx-vlan-hw-parse" })]
    [InlineData("txvlan", new[] { "tx-vlan-hw-insert" })]
    [InlineData("sg", new[] { "tx-scatter-gather", "tx-scatter-gather-fraglist" })]
    [InlineData("tx", new[] { "tx-checksum-ipv4", "tx-checksum-ip-generic", "tx-checksum-ipv6", "tx-checksum-fcoe-crc", "tx-checksum-sctp" })]
    [InlineData("tso", new[] { "tx-tcp-segmentation", "tx-tcp-ecn-segmentation", "tx-tcp-mangleid-segmentation", "tx-tcp6-segmentation", "tx-tcp-accecn-segmentation" })]
    [InlineData("generic-receive-offload", new[] { "rx-gro" })]
    [InlineData("tcp-segmentation-offload", new[] { "tx-tcp-segmentation", "tx-tcp-ecn-segmentation", "tx-tcp-mangleid-segmentation", "tx-tcp6-segmentation", "tx-tcp-accecn-segmentation" })]
    [InlineData("rx-gro", new[] { "rx-gro" })]
    [InlineData("tx-tcp6-segmentation", new[] { "tx-tcp6-segmentation" })]
    public void Expands_short_names_to_kernel_names(string name, string[] kernel)
    {
        Assert.Equal(kernel, FeatureNames.Expand(name));
    }

    [Fact]
    public void Every_alias_expands_to_known_kernel_names()
    {
        Assert.All(FeatureNames.Aliases.Values.SelectMany(g => g), name => Assert.True(FeatureNames.Kernel.Contains(name), name));
    }

    [Fact]
    public void Unknown_names_do_not_expand()
    {
        Assert.Null(FeatureNames.Expand("turbo"));
        Assert.Null(FeatureNames.Expand("GRO"));
    }

    [Fact]
    public void Short_names_in_a_profile_become_kernel_names()
    {
        var profile = ProfileParser.Parse("interfaces:\n  - features: { tso: off, sg: on, rxhash: off }\n", "f.yaml");
        var features = profile.Interfaces[0].Settings.Features!;
        Assert.Equal(8, features.Count);
        Assert.False(features["tx-tcp-segmentation"]);
        Assert.False(features["tx-tcp6-segmentation"]);
        Assert.False(features["tx-tcp-mangleid-segmentation"]);
        Assert.True(features["tx-scatter-gather"]);
        Assert.True(features["tx-scatter-gather-fraglist"]);
        Assert.False(features["rx-hashing"]);
        Assert.DoesNotContain("tso", features.Keys);
    }

    [Theory]
    [InlineData("{ tso: on, tx-tcp-mangleid-segmentation: off }")]
    [InlineData("{ tx-tcp-mangleid-segmentation: off, tso: on }")]
    public void A_kernel_name_overrides_the_group_of_a_short_name_in_any_order(string features)
    {
        var profile = ProfileParser.Parse($"interfaces:\n  - features: {features}\n", "f.yaml");
        var result = profile.Interfaces[0].Settings.Features!;
        Assert.True(result["tx-tcp-segmentation"]);
        Assert.True(result["tx-tcp6-segmentation"]);
        Assert.False(result["tx-tcp-mangleid-segmentation"]);
    }

    [Fact]
    public void Two_aliases_for_one_feature_that_disagree_are_an_error()
    {
        var e = Assert.Throws<ProfileException>(() =>
            ProfileParser.Parse("interfaces:\n  - features: { gro: on, generic-receive-offload: off }\n", "f.yaml"));
        var error = Assert.Single(e.Errors);
        Assert.Equal("interfaces[0].features.generic-receive-offload", error.Field);
        Assert.Contains("\"gro\" turns it on", error.Message, StringComparison.Ordinal);
    }
}

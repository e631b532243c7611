using Nictune.Core.Model;
using Nictune.Core.Profiles;
using Xunit;

namespace Nictune.Tests.Profiles;

/// <summary>Profiles built in code (as the planner's tests will): the validator applies the parser's rules.</summary>
public sealed class ProfileValidatorTests
{
    private static readonly SourceLocation Here = new("code.yaml", 7, 5);

    private static Profile With(InterfaceSettings settings, RuleMatch? match = null) => new()
    {
        Name = "code",
        Source = "code.yaml",
        Interfaces = [new InterfaceRule(match ?? new RuleMatch(), settings, Here)],
    };

    [Fact]
    public void A_valid_profile_has_no_errors()
    {
        var profile = With(new InterfaceSettings
        {
            Ring = new RingSettings(Rx: ProfileValue.Max, Tx: ProfileValue.Of(1024)),
            Channels = new ChannelSettings(Combined: ProfileValue.Cpus),
            Features = new Dictionary<string, bool> { ["rx-gro"] = true },
            Rps = new RpsSettings(new CpuSelection(CpuSelectionKind.List, "0-3"), 2048),
        });
        Assert.Empty(ProfileValidator.Validate(profile));
        ProfileValidator.ThrowIfInvalid(profile);
    }

    [Fact]
    public void Out_of_range_values_and_misplaced_symbols_are_reported_at_the_rule()
    {
        var profile = With(new InterfaceSettings
        {
            Ring = new RingSettings(Rx: ProfileValue.Of(0), Tx: ProfileValue.Cpus),
            Coalesce = new CoalesceSettings(RxUsecs: ProfileValue.Max),
            TxQueueLen = -1,
            Rps = new RpsSettings(new CpuSelection(CpuSelectionKind.List, "3-1"), 1L << 21),
        });

        var errors = ProfileValidator.Validate(profile);

        Assert.Equal(
            ["interfaces[0].ring.rx", "interfaces[0].ring.tx", "interfaces[0].coalesce.rx-usecs", "interfaces[0].txqueuelen", "interfaces[0].rps.cpus", "interfaces[0].rps.flow-count"],
            errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(Here, e.Location));
        Assert.Throws<ProfileException>(() => ProfileValidator.ThrowIfInvalid(profile));
    }

    [Fact]
    public void Features_must_be_kernel_names()
    {
        var profile = With(new InterfaceSettings { Features = new Dictionary<string, bool> { ["tso"] = true, ["warp-drive"] = false } });
        var errors = ProfileValidator.Validate(profile);
        Assert.Equal(["interfaces[0].features.tso", "interfaces[0].features.warp-drive"], errors.Select(e => e.Field));
        Assert.Contains("FeatureNames.Expand", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sysctls_must_be_allowed_and_dotted()
    {
        var profile = new Profile
        {
            Name = "code",
            Source = "code.yaml",
            Sysctl = new Dictionary<string, string> { ["kernel.panic"] = "1", ["net/core/somaxconn"] = "1", ["net.core.optmem_max"] = "a\nb" },
        };
        var errors = ProfileValidator.Validate(profile);
        Assert.Equal(["sysctl.kernel.panic", "sysctl.net/core/somaxconn", "sysctl.net.core.optmem_max"], errors.Select(e => e.Field));
        Assert.Equal("code.yaml: sysctl.kernel.panic: only net.* keys and vm.min_free_kbytes may be set, not \"kernel.panic\"", errors[0].ToString());
    }

    [Fact]
    public void Empty_match_lists_and_bad_patterns_are_reported()
    {
        var profile = With(new InterfaceSettings(), new RuleMatch(Classes: [], Drivers: ["ok", "not ok"], Names: ["eth["], Hypervisors: [(Hypervisor)42]));
        var errors = ProfileValidator.Validate(profile);
        Assert.Equal(
            ["interfaces[0].match.class", "interfaces[0].match.hypervisor[0]", "interfaces[0].match.driver[1]", "interfaces[0].match.name[0]"],
            errors.Select(e => e.Field));
    }

    [Fact]
    public void A_catch_all_shadows_later_rules_of_the_same_file_only()
    {
        var catchAll = new InterfaceRule(new RuleMatch(), new InterfaceSettings(), new SourceLocation("a.yaml", 2, 5));
        var later = new InterfaceRule(new RuleMatch(Drivers: ["ena"]), new InterfaceSettings(), new SourceLocation("a.yaml", 4, 5));
        var inherited = later with { Location = new SourceLocation("base.yaml", 4, 5) };

        var sameFile = new Profile { Name = "a", Source = "a.yaml", Interfaces = [catchAll, later] };
        var error = Assert.Single(ProfileValidator.Validate(sameFile));
        Assert.Equal("a.yaml:4:5: interfaces[1]: this rule can never apply: the rule at line 2 has no 'match' and takes every interface first", error.ToString());

        var merged = sameFile with { Interfaces = [catchAll, inherited] };
        Assert.Empty(ProfileValidator.Validate(merged));
    }
}

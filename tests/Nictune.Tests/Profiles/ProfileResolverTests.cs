using Nictune.Core.Profiles;
using Xunit;

namespace Nictune.Tests.Profiles;

public sealed class ProfileResolverTests
{
    private static Profile Resolve(InMemoryLookup lookup, string name) => ProfileResolver.Resolve(lookup.Get(name), lookup);

    private static IEnumerable<string> Origins(Profile profile) => profile.Interfaces.Select(r => r.Location.File);

    [Fact]
    public void A_profile_without_extends_resolves_to_itself()
    {
        var lookup = new InMemoryLookup(("solo", "sysctl: { net.core.somaxconn: 1 }\ninterfaces:\n  - ring: { rx: max }\n"));
        var resolved = Resolve(lookup, "solo");
        Assert.Equal("solo", resolved.Name);
        Assert.Equal("1", resolved.Sysctl["net.core.somaxconn"]);
        Assert.Single(resolved.Interfaces);
        Assert.Empty(lookup.Requests);
    }

    [Fact]
    public void Own_rules_come_first_then_extends_in_reverse_order()
    {
        var lookup = new InMemoryLookup(
            ("a", "interfaces:\n  - match: { driver: a }\n"),
            ("b", "interfaces:\n  - match: { driver: b1 }\n  - match: { driver: b2 }\n"),
            ("x", "extends: [a, b]\ninterfaces:\n  - match: { driver: x }\n"));

        var resolved = Resolve(lookup, "x");

        Assert.Equal(["x.yaml", "b.yaml", "b.yaml", "a.yaml"], Origins(resolved));
        Assert.Equal(["x", "b1", "b2", "a"], resolved.Interfaces.Select(r => r.Match.Drivers![0]));
        Assert.Empty(resolved.Extends);
        Assert.Empty(resolved.ExtendsLocations);
    }

    [Fact]
    public void Sysctls_later_extends_override_earlier_and_own_keys_win()
    {
        var lookup = new InMemoryLookup(
            ("a", "sysctl: { net.core.somaxconn: 1, net.core.optmem_max: 1, net.ipv4.tcp_fastopen: 1 }\n"),
            ("b", "sysctl: { net.core.somaxconn: 2, net.core.optmem_max: 2 }\n"),
            ("x", "extends: [a, b]\nsysctl:\n  net.core.somaxconn: 3\n"));

        var resolved = Resolve(lookup, "x");

        Assert.Equal("3", resolved.Sysctl["net.core.somaxconn"]);
        Assert.Equal("2", resolved.Sysctl["net.core.optmem_max"]);
        Assert.Equal("1", resolved.Sysctl["net.ipv4.tcp_fastopen"]);
        Assert.Equal(new SourceLocation("x.yaml", 3, 3), resolved.SysctlLocations["net.core.somaxconn"]);
        Assert.Equal("b.yaml", resolved.SysctlLocations["net.core.optmem_max"].File);
        Assert.Equal("a.yaml", resolved.SysctlLocations["net.ipv4.tcp_fastopen"].File);
    }

    [Fact]
    public void Extends_are_resolved_transitively()
    {
        var lookup = new InMemoryLookup(
            ("base", "sysctl: { net.core.somaxconn: 1 }\ninterfaces:\n  - ring: { rx: 256 }\n"),
            ("mid", "extends: [base]\ninterfaces:\n  - match: { driver: mid }\n"),
            ("top", "extends: [mid]\nsysctl: { net.core.optmem_max: 9 }\n"));

        var resolved = Resolve(lookup, "top");

        Assert.Equal(["mid.yaml", "base.yaml"], Origins(resolved));
        Assert.Equal("1", resolved.Sysctl["net.core.somaxconn"]);
        Assert.Equal("9", resolved.Sysctl["net.core.optmem_max"]);
    }

    [Fact]
    public void A_diamond_puts_the_shared_base_below_everything_that_extends_it()
    {
        // a overrides a base sysctl, b does not touch it: a's value must survive although b comes later.
        var lookup = new InMemoryLookup(
            ("base", "sysctl: { net.core.somaxconn: 0, net.core.optmem_max: 0 }\ninterfaces:\n  - ring: { rx: 256 }\n"),
            ("a", "extends: [base]\nsysctl: { net.core.somaxconn: 1 }\ninterfaces:\n  - match: { driver: a }\n"),
            ("b", "extends: [base]\nsysctl: { net.core.optmem_max: 2 }\ninterfaces:\n  - match: { driver: b }\n"),
            ("x", "extends: [a, b]\n"));

        Assert.Equal(["x", "b", "a", "base"], ProfileResolver.Linearize(lookup.Get("x"), lookup).Select(p => p.Name));

        var resolved = Resolve(lookup, "x");
        Assert.Equal(["b.yaml", "a.yaml", "base.yaml"], Origins(resolved));
        Assert.Equal("1", resolved.Sysctl["net.core.somaxconn"]);
        Assert.Equal("2", resolved.Sysctl["net.core.optmem_max"]);
    }

    [Fact]
    public void A_profile_reached_twice_is_looked_up_once()
    {
        var lookup = new InMemoryLookup(
            ("base", "description: b\n"),
            ("a", "extends: [base]\n"),
            ("b", "extends: [base]\n"),
            ("x", "extends: [a, b]\n"));
        Resolve(lookup, "x");
        Assert.Equal(1, lookup.Requests.Count(r => r == "base"));
    }

    [Fact]
    public void A_cycle_is_an_error_naming_the_chain()
    {
        var lookup = new InMemoryLookup(
            ("a", "extends: [b]\n"),
            ("b", "extends: [other, c]\n"),
            ("c", "extends: [a]\n"),
            ("other", "description: fine\n"));

        var e = Assert.Throws<ProfileException>(() => Resolve(lookup, "a"));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("c.yaml", 1, 11, "extends[0]"), (error.File, error.Line, error.Column, error.Field));
        Assert.Equal("c.yaml:1:11: extends[0]: extends cycle: a -> b -> c -> a", error.ToString());
    }

    [Fact]
    public void Extending_itself_is_a_cycle()
    {
        var lookup = new InMemoryLookup(("self", "extends: [self]\n"));
        var e = Assert.Throws<ProfileException>(() => Resolve(lookup, "self"));
        Assert.Contains("extends cycle: self -> self", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_profile_in_extends_is_an_error_at_its_entry()
    {
        var lookup = new InMemoryLookup(("x", "name: x\nextends:\n  - balanced\n  - nosuch\n"), ("balanced", "description: b\n"));

        var e = Assert.Throws<ProfileException>(() => Resolve(lookup, "x"));

        var error = Assert.Single(e.Errors);
        Assert.Equal("x.yaml:4:5: extends[1]: unknown profile \"nosuch\" (searched memory)", error.ToString());
    }

    [Fact]
    public void The_merged_profile_keeps_the_roots_identity_and_its_own_rules_first()
    {
        var lookup = new InMemoryLookup(
            ("base", "description: base\ninterfaces:\n  - ring: { rx: max }\n"),
            ("x", "description: mine\nextends: [base]\ninterfaces:\n  - ring: { tx: max }\n"));

        var resolved = Resolve(lookup, "x");

        Assert.Equal(("x", "mine", "x.yaml"), (resolved.Name, resolved.Description, resolved.Source));
        // Two catch-alls from two files: the own one comes first and shadows the base's, which is how a profile
        // overrides; only the parser refuses a rule after a catch-all, and only within one file.
        Assert.Equal(["x.yaml", "base.yaml"], resolved.Interfaces.Select(r => r.Location.File));
    }
}

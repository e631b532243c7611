using Nictune.Core.Profiles;
using Xunit;

namespace Nictune.Tests.Profiles;

/// <summary>Raise-only sysctls, <c>{ at-least: VALUE }</c>: parsing, errors, merging and validation.</summary>
public sealed class SysctlAtLeastTests
{
    private const string File = "packaging/profiles/x.yaml";

    private const string BothForms = """
        name: x
        sysctl:
          net.core.netdev_budget_usecs: { at-least: 4000 }
          net.ipv4.tcp_rmem: { at-least: "4096 131072 16777216" }
          net.ipv4.tcp_wmem:
            at-least: 4096	16384   16777216
          net.ipv4.tcp_slow_start_after_idle: 0
        """;

    private static void AssertError(string sysctlLines, int line, int column, string field, string message)
    {
        var e = Assert.Throws<ProfileException>(() => ProfileParser.Parse($"name: x\nsysctl:\n{sysctlLines}", File));
        var error = Assert.Single(e.Errors);
        Assert.Equal((File, line, column, field), (error.File, error.Line, error.Column, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{File}:{line}:{column}: {field}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parses_exact_and_at_least_values_side_by_side()
    {
        var profile = ProfileParser.Parse(BothForms, File);

        Assert.Equal("4000", profile.Sysctl["net.core.netdev_budget_usecs"]);
        Assert.Equal("4096 131072 16777216", profile.Sysctl["net.ipv4.tcp_rmem"]);
        Assert.Equal("4096\t16384   16777216", profile.Sysctl["net.ipv4.tcp_wmem"]);
        Assert.Equal("0", profile.Sysctl["net.ipv4.tcp_slow_start_after_idle"]);
        Assert.Equal(
            ["net.core.netdev_budget_usecs", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"],
            profile.SysctlAtLeast.Order(StringComparer.Ordinal));
        Assert.Equal(new SourceLocation(File, 4, 3), profile.SysctlLocations["net.ipv4.tcp_rmem"]);
    }

    [Fact]
    public void A_profile_without_at_least_has_an_empty_set()
    {
        var profile = ProfileParser.Parse("name: x\nsysctl:\n  net.core.somaxconn: 8192\n", File);
        Assert.Empty(profile.SysctlAtLeast);
        Assert.Empty(new Profile { Name = "code", Source = "code.yaml" }.SysctlAtLeast);
    }

    [Fact]
    public void The_slashed_key_spelling_works_with_at_least()
    {
        var profile = ProfileParser.Parse("name: x\nsysctl:\n  net/core/somaxconn: { at-least: 8192 }\n", File);
        Assert.Equal(["net.core.somaxconn"], profile.SysctlAtLeast);
    }

    // Column 35 is the value after "  net.core.somaxconn: { at-least: ".
    [Theory]
    [InlineData("{ at-least: big }", 35, "\"big\" is not a non-negative integer")]
    [InlineData("{ at-least: \"4096 x 1\" }", 35, "\"x\" is not a non-negative integer")]
    [InlineData("{ at-least: 4096.5 }", 35, "\"4096.5\" is not a non-negative integer")]
    [InlineData("{ at-least: -1 }", 35, "\"-1\" is negative")]
    [InlineData("{ at-least: \"4096 -1 1\" }", 35, "\"-1\" is negative")]
    [InlineData("{ at-least: \"\" }", 35, "expected one or more non-negative integers separated by spaces, like \"4096 131072 16777216\", got nothing")]
    [InlineData("{ at-least: \"   \" }", 35, "got nothing")]
    [InlineData("{ at-least: 18446744073709551616 }", 35, "out of range: a sysctl field holds at most 18446744073709551615")]
    [InlineData("{ at-least: [1, 2] }", 35, "got a list")]
    [InlineData("{ at-least: { x: 1 } }", 35, "got a mapping")]
    public void Bad_at_least_values_name_file_line_and_field(string value, int column, string message) =>
        AssertError($"  net.core.somaxconn: {value}\n", 3, column, "sysctl.net.core.somaxconn.at-least", message);

    [Fact]
    public void A_missing_at_least_value_is_located_where_it_is_missing() =>
        AssertError("  net.core.somaxconn:\n    at-least:\n", 4, 14, "sysctl.net.core.somaxconn.at-least", "got nothing");

    [Theory]
    [InlineData("{ at-least: 1, or-more: 2 }", 38, "sysctl.net.core.somaxconn.or-more", "unknown key \"or-more\": expected one of at-least")]
    [InlineData("{ at-lest: 1 }", 25, "sysctl.net.core.somaxconn.at-lest", "unknown key \"at-lest\" (did you mean \"at-least\"?)")]
    [InlineData("{ exactly: 1 }", 25, "sysctl.net.core.somaxconn.exactly", "unknown key \"exactly\"")]
    public void Unknown_keys_in_the_mapping_are_errors(string value, int column, string field, string message) =>
        AssertError($"  net.core.somaxconn: {value}\n", 3, column, field, message);

    [Fact]
    public void An_empty_mapping_is_an_error() =>
        AssertError("  net.core.somaxconn: {}\n", 3, 23, "sysctl.net.core.somaxconn", "expected a value or { at-least: VALUE }, got an empty mapping");

    [Fact]
    public void A_list_value_names_both_forms() =>
        AssertError("  net.core.somaxconn: [1]\n", 3, 23, "sysctl.net.core.somaxconn", "expected a value in the kernel's text form or { at-least: VALUE }, got a list");

    [Fact]
    public void Every_bad_value_is_reported_at_once()
    {
        var yaml = "name: x\nsysctl:\n  net.core.somaxconn: { at-least: no }\n  net.core.optmem_max: { at-least: -5 }\n  net.ipv4.tcp_rmem: { at-leest: 1 }\n";
        var e = Assert.Throws<ProfileException>(() => ProfileParser.Parse(yaml, File));
        Assert.Equal(
            [(3, "sysctl.net.core.somaxconn.at-least"), (4, "sysctl.net.core.optmem_max.at-least"), (5, "sysctl.net.ipv4.tcp_rmem.at-leest")],
            e.Errors.Select(x => (x.Line, x.Field)));
    }

    [Fact]
    public void The_highest_profile_decides_both_value_and_kind()
    {
        var lookup = new InMemoryLookup(
            ("base", """
                sysctl:
                  net.core.somaxconn: { at-least: 1024 }
                  net.core.optmem_max: 20480
                  net.ipv4.tcp_rmem: { at-least: "4096 131072 6291456" }
                """),
            ("x", """
                extends: [base]
                sysctl:
                  net.core.somaxconn: 8192
                  net.core.optmem_max: { at-least: 81920 }
                """));

        var resolved = ProfileResolver.Resolve(lookup.Get("x"), lookup);

        // x's exact value replaces base's floor; x's floor replaces base's exact value; base's own floor survives.
        Assert.Equal(("8192", false), (resolved.Sysctl["net.core.somaxconn"], resolved.SysctlAtLeast.Contains("net.core.somaxconn")));
        Assert.Equal(("81920", true), (resolved.Sysctl["net.core.optmem_max"], resolved.SysctlAtLeast.Contains("net.core.optmem_max")));
        Assert.Equal(("4096 131072 6291456", true), (resolved.Sysctl["net.ipv4.tcp_rmem"], resolved.SysctlAtLeast.Contains("net.ipv4.tcp_rmem")));
        Assert.Equal("base.yaml", resolved.SysctlLocations["net.ipv4.tcp_rmem"].File);
    }

    [Fact]
    public void In_a_diamond_a_floor_set_above_the_shared_base_survives_a_sibling_that_only_inherits()
    {
        var lookup = new InMemoryLookup(
            ("base", "sysctl: { net.core.somaxconn: 1 }\n"),
            ("a", "extends: [base]\nsysctl: { net.core.somaxconn: { at-least: 4096 } }\n"),
            ("b", "extends: [base]\n"),
            ("x", "extends: [a, b]\n"));

        var resolved = ProfileResolver.Resolve(lookup.Get("x"), lookup);

        Assert.Equal("4096", resolved.Sysctl["net.core.somaxconn"]);
        Assert.Contains("net.core.somaxconn", resolved.SysctlAtLeast);
    }
}

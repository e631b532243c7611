using Nictune.Core.Profiles;
using Xunit;

namespace Nictune.Tests.Profiles;

/// <summary>Bad input: every error names the file, the line and column, and the field.</summary>
public sealed class ProfileErrorTests
{
    private const string File = "packaging/profiles/x.yaml";

    private static ProfileError SingleError(string yaml)
    {
        var e = Assert.Throws<ProfileException>(() => ProfileParser.Parse(yaml, File));
        return Assert.Single(e.Errors);
    }

    private static void AssertError(string yaml, int line, int column, string field, string message)
    {
        var error = SingleError(yaml);
        Assert.Equal(File, error.File);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{File}:{line}:{column}: {(field.Length > 0 ? field + ": " : string.Empty)}", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Found by the fuzz tests: YamlDotNet's parser throws ArgumentException on a tag that is not a URI.</summary>
    [Fact]
    public void A_tag_that_is_not_a_uri_is_a_yaml_error_not_a_crash()
    {
        var e = Assert.Throws<ProfileException>(() => ProfileParser.Parse("name: x\nsysctl:\n  net.core.somaxconn: !!in[t 3\n", File));
        Assert.Equal(File, Assert.Single(e.Errors).File);
    }

    [Fact]
    public void Message_reads_like_a_compiler_diagnostic()
    {
        var yaml = "name: x\ninterfaces:\n  - match: { driver: ena }\n    ring: { rx: big }\n";
        var e = Assert.Throws<ProfileException>(() => ProfileParser.Parse(yaml, File));
        Assert.Equal("packaging/profiles/x.yaml:4:17: interfaces[0].ring.rx: expected a number or 'max', got \"big\"", e.Message);
    }

    [Theory]
    [InlineData("name: x\nsysctl: [1\n", 3, 1)]
    [InlineData("name: x\nname: y\n", 2, 1)]
    [InlineData("name: x\n  bad: indent\n", 2, 6)]
    [InlineData("interfaces:\n  - ring: { rx: 1\n", 3, 1)]
    [InlineData("a: *missing\n", 1, 1)]
    public void Malformed_yaml(string yaml, int line, int column)
    {
        var error = SingleError(yaml);
        Assert.Equal(File, error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.StartsWith("malformed YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file() => AssertError("# only a comment\n", 1, 1, "", "the file is empty");

    [Fact]
    public void Two_documents() => AssertError("name: x\n---\nname: y\n", 3, 1, "", "one YAML document");

    [Fact]
    public void Root_is_not_a_mapping() => AssertError("- name: x\n", 1, 1, "", "a profile is a mapping");

    [Theory]
    [InlineData("nmae: x\n", 1, 1, "nmae", "unknown key \"nmae\" (did you mean \"name\"?)")]
    [InlineData("name: x\ninterface: []\n", 2, 1, "interface", "did you mean \"interfaces\"?")]
    [InlineData("interfaces:\n  - rign: { rx: 1 }\n", 2, 5, "interfaces[0].rign", "did you mean \"ring\"?")]
    [InlineData("interfaces:\n  - match: { drvier: ena }\n", 2, 14, "interfaces[0].match.drvier", "did you mean \"driver\"?")]
    [InlineData("interfaces:\n  - ring: { rx: 1, big: 2 }\n", 2, 20, "interfaces[0].ring.big", "expected one of rx, rx-mini, rx-jumbo, tx")]
    [InlineData("interfaces:\n  - channels: { other: 2 }\n", 2, 17, "interfaces[0].channels.other", "unknown key \"other\"")]
    [InlineData("interfaces:\n  - coalesce: { rx-usec: 2 }\n", 2, 17, "interfaces[0].coalesce.rx-usec", "did you mean \"rx-usecs\"?")]
    [InlineData("interfaces:\n  - rps: { flows: 2 }\n", 2, 12, "interfaces[0].rps.flows", "unknown key \"flows\"")]
    [InlineData("interfaces:\n  - features: { turbo: on }\n", 2, 17, "interfaces[0].features.turbo", "unknown feature \"turbo\"")]
    [InlineData("interfaces:\n  - features: { rx-gr0: on }\n", 2, 17, "interfaces[0].features.rx-gr0", "did you mean \"rx-gro\"?")]
    [InlineData("<<: { name: x }\n", 1, 1, "<<", "unknown key")]
    public void Unknown_keys_anywhere(string yaml, int line, int column, string field, string message) =>
        AssertError(yaml, line, column, field, message);

    [Theory]
    [InlineData("name: [x]\n", 1, 7, "name", "expected a profile name, got a list")]
    [InlineData("description: { a: 1 }\n", 1, 14, "description", "expected a text, got a mapping")]
    [InlineData("extends: { a: 1 }\n", 1, 10, "extends", "expected a profile name, got a mapping")]
    [InlineData("extends: [[a]]\n", 1, 11, "extends[0]", "expected a profile name, got a list")]
    [InlineData("sysctl: [net.core.somaxconn]\n", 1, 9, "sysctl", "expected a mapping of sysctl key to value, got a list")]
    [InlineData("sysctl:\n  net.core.somaxconn: [1, 2]\n", 2, 23, "sysctl.net.core.somaxconn", "got a list")]
    [InlineData("sysctl:\n  net.core.somaxconn:\n", 2, 22, "sysctl.net.core.somaxconn", "got nothing")]
    [InlineData("interfaces: { match: {} }\n", 1, 13, "interfaces", "expected a list of rules, got a mapping")]
    [InlineData("interfaces:\n  - eth0\n", 2, 5, "interfaces[0]", "expected a rule")]
    [InlineData("interfaces:\n  -\n", 2, 4, "interfaces[0]", "got nothing")]
    [InlineData("interfaces:\n  - match: veth\n", 2, 12, "interfaces[0].match", "got \"veth\"")]
    [InlineData("interfaces:\n  - ring: 4096\n", 2, 11, "interfaces[0].ring", "expected a mapping of rx, rx-mini, rx-jumbo or tx, got \"4096\"")]
    [InlineData("interfaces:\n  - ring: { rx: [1] }\n", 2, 17, "interfaces[0].ring.rx", "expected a number or 'max', got a list")]
    [InlineData("interfaces:\n  - ring: { rx: big }\n", 2, 17, "interfaces[0].ring.rx", "expected a number or 'max', got \"big\"")]
    [InlineData("interfaces:\n  - ring: { rx: 1.5 }\n", 2, 17, "interfaces[0].ring.rx", "expected a number or 'max', got \"1.5\"")]
    [InlineData("interfaces:\n  - ring: { rx: 0x100 }\n", 2, 17, "interfaces[0].ring.rx", "expected a number or 'max'")]
    [InlineData("interfaces:\n  - ring: { tx: cpus }\n", 2, 17, "interfaces[0].ring.tx", "expected a number or 'max', got \"cpus\"")]
    [InlineData("interfaces:\n  - ring: { rx: }\n", 2, 17, "interfaces[0].ring.rx", "got nothing")]
    [InlineData("interfaces:\n  - channels: { combined: all }\n", 2, 27, "interfaces[0].channels.combined", "expected a number, 'max' or 'cpus', got \"all\"")]
    [InlineData("interfaces:\n  - coalesce: { adaptive-rx: maybe }\n", 2, 30, "interfaces[0].coalesce.adaptive-rx", "expected on, off, true or false, got \"maybe\"")]
    [InlineData("interfaces:\n  - coalesce: { adaptive-rx: 1 }\n", 2, 30, "interfaces[0].coalesce.adaptive-rx", "expected on, off, true or false")]
    [InlineData("interfaces:\n  - coalesce: { rx-usecs: max }\n", 2, 27, "interfaces[0].coalesce.rx-usecs", "'max' is not accepted here: ethtool reports no maximum")]
    [InlineData("interfaces:\n  - features: [gro]\n", 2, 15, "interfaces[0].features", "expected a mapping of feature name to on/off, got a list")]
    [InlineData("interfaces:\n  - features: { gro: yes please }\n", 2, 22, "interfaces[0].features.gro", "expected on, off, true or false")]
    [InlineData("interfaces:\n  - txqueuelen: max\n", 2, 17, "interfaces[0].txqueuelen", "'max' is not accepted here")]
    [InlineData("interfaces:\n  - txqueuelen: long\n", 2, 17, "interfaces[0].txqueuelen", "expected a number, got \"long\"")]
    [InlineData("interfaces:\n  - rps: all\n", 2, 10, "interfaces[0].rps", "expected a mapping of cpus or flow-count")]
    [InlineData("interfaces:\n  - xps: on\n", 2, 10, "interfaces[0].xps", "expected off or auto, got \"on\"")]
    [InlineData("interfaces:\n  - irq-affinity: balanced\n", 2, 19, "interfaces[0].irq-affinity", "expected none, local or spread, got \"balanced\"")]
    [InlineData("interfaces:\n  - match: { class: virtual }\n", 2, 21, "interfaces[0].match.class", "unknown class \"virtual\": expected paravirtual, emulated")]
    [InlineData("interfaces:\n  - match: { class: sriov_vf }\n", 2, 21, "interfaces[0].match.class", "did you mean \"sriov-vf\"?")]
    [InlineData("interfaces:\n  - match: { hypervisor: [kvm, vbox] }\n", 2, 32, "interfaces[0].match.hypervisor[1]", "unknown hypervisor \"vbox\"")]
    [InlineData("interfaces:\n  - match: { driver: [] }\n", 2, 22, "interfaces[0].match.driver", "an empty list matches nothing")]
    [InlineData("interfaces:\n  - match: { driver: \"virtio net\" }\n", 2, 22, "interfaces[0].match.driver", "is not a driver name")]
    [InlineData("interfaces:\n  - match: { name: \"eth[0\" }\n", 2, 20, "interfaces[0].match.name", "'[' at position 4 is not closed")]
    [InlineData("interfaces:\n  - match: { name: \"a/b\" }\n", 2, 20, "interfaces[0].match.name", "cannot contain '/'")]
    public void Wrong_types_and_values(string yaml, int line, int column, string field, string message) =>
        AssertError(yaml, line, column, field, message);

    [Theory]
    [InlineData("ring: { rx: -1 }", 17, "interfaces[0].ring.rx", "expected 1 to 65536, got -1")]
    [InlineData("ring: { rx: 0 }", 17, "interfaces[0].ring.rx", "expected 1 to 65536, got 0")]
    [InlineData("ring: { tx: 65537 }", 17, "interfaces[0].ring.tx", "expected 1 to 65536, got 65537")]
    [InlineData("ring: { rx-mini: -5 }", 22, "interfaces[0].ring.rx-mini", "expected 0 to 65536, got -5")]
    [InlineData("ring: { rx-jumbo: 99999999999999999999 }", 23, "interfaces[0].ring.rx-jumbo", "out of range: expected 0 to 65536, got 99999999999999999999")]
    [InlineData("channels: { combined: 1025 }", 27, "interfaces[0].channels.combined", "expected 0 to 1024, got 1025")]
    [InlineData("channels: { rx: -2 }", 21, "interfaces[0].channels.rx", "expected 0 to 1024, got -2")]
    [InlineData("coalesce: { rx-usecs: 100001 }", 27, "interfaces[0].coalesce.rx-usecs", "expected 0 to 100000")]
    [InlineData("coalesce: { tx-usecs: -1 }", 27, "interfaces[0].coalesce.tx-usecs", "expected 0 to 100000")]
    [InlineData("coalesce: { rx-frames: 70000 }", 28, "interfaces[0].coalesce.rx-frames", "expected 0 to 65536")]
    [InlineData("coalesce: { tx-frames: -3 }", 28, "interfaces[0].coalesce.tx-frames", "expected 0 to 65536")]
    [InlineData("txqueuelen: 1000001", 17, "interfaces[0].txqueuelen", "expected 0 to 1000000")]
    [InlineData("txqueuelen: -1", 17, "interfaces[0].txqueuelen", "expected 0 to 1000000")]
    [InlineData("rps: { flow-count: 1048577 }", 24, "interfaces[0].rps.flow-count", "expected 0 to 1048576")]
    [InlineData("rps: { flow-count: -1 }", 24, "interfaces[0].rps.flow-count", "expected 0 to 1048576")]
    public void Negative_or_absurd_values(string setting, int column, string field, string message) =>
        AssertError($"name: x\ninterfaces:\n  - {setting}\n", 3, column, field, message);

    [Fact]
    public void Channels_all_zero() =>
        AssertError("interfaces:\n  - channels: { combined: 0, rx: 0 }\n", 2, 15, "interfaces[0].channels", "at least one of combined, rx and tx must be non-zero");

    [Theory]
    [InlineData("\"0-3,\"", "has an empty entry")]
    [InlineData("\"3-1\"", "runs backwards")]
    [InlineData("\"0-3:2/4\"", "expected a CPU number or a range")]
    [InlineData("\"a\"", "expected a CPU number or a range")]
    [InlineData("\"-1\"", "expected a CPU number or a range")]
    [InlineData("\"0, 1\"", "expected a CPU number or a range")]
    [InlineData("\"8192\"", "beyond the largest possible CPU")]
    [InlineData("none", "expected all, local or a CPU list")]
    public void Invalid_cpu_list(string cpus, string message) =>
        AssertError($"interfaces:\n  - rps: {{ cpus: {cpus} }}\n", 2, 18, "interfaces[0].rps.cpus", message);

    [Theory]
    [InlineData("net/../../kernel/core_pattern", "\"..\" is not allowed")]
    [InlineData("../kernel/core_pattern", "\"..\" is not allowed")]
    [InlineData("/proc/sys/net/core/somaxconn", "cannot start with a separator")]
    [InlineData("net.core.*", "globs")]
    [InlineData("kernel.core_pattern", "only net.* keys and vm.min_free_kbytes")]
    [InlineData("net.core/somaxconn", "mixes '.' and '/'")]
    [InlineData("\"net.core.a\\0b\"", "NUL")]
    public void Sysctl_key_with_traversal_or_outside_the_policy(string key, string message)
    {
        var error = SingleError($"name: x\nsysctl:\n  {key}: 1\n");
        Assert.Equal((File, 3, 3), (error.File, error.Line, error.Column));
        Assert.StartsWith("sysctl.", error.Field, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sysctl_key_written_twice_in_two_spellings() =>
        AssertError("sysctl:\n  net.core.somaxconn: 1\n  net/core/somaxconn: 2\n", 3, 3, "sysctl.net/core/somaxconn", "the same key as line 2");

    [Theory]
    [InlineData("\"a\\nb\"", "one line of ASCII")]
    [InlineData("\"\"", "the value is empty")]
    public void Sysctl_value_that_is_not_one_line_of_text(string value, string message) =>
        AssertError($"sysctl:\n  net.core.somaxconn: {value}\n", 2, 23, "sysctl.net.core.somaxconn", message);

    [Theory]
    [InlineData("name: other\n", 1, 7, "name", "differs from the file name \"x.yaml\"")]
    [InlineData("name: \"bad name\"\n", 1, 7, "name", "may contain only letters")]
    [InlineData("name: x.yaml\n", 1, 7, "name", "ends in .yaml")]
    [InlineData("extends: [\"../etc/passwd\"]\n", 1, 11, "extends[0]", "must start with a letter or digit")]
    [InlineData("extends: [\"a/../b\"]\n", 1, 11, "extends[0]", "may contain only letters")]
    [InlineData("extends: [balanced, balanced]\n", 1, 21, "extends[1]", "listed twice")]
    public void Names_and_extends_entries(string yaml, int line, int column, string field, string message) =>
        AssertError(yaml, line, column, field, message);

    [Fact]
    public void Text_without_a_file_name_must_carry_a_name()
    {
        var e = Assert.Throws<ProfileException>(() => ProfileParser.Parse("description: d\n", "<stdin>"));
        var error = Assert.Single(e.Errors);
        Assert.Equal(("<stdin>", "name"), (error.File, error.Field));
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_after_a_catch_all_can_never_apply() =>
        AssertError("interfaces:\n  - ring: { rx: max }\n  - match: { driver: ena }\n    ring: { rx: 1024 }\n", 3, 5, "interfaces[1]", "the rule at line 2 has no 'match'");

    [Fact]
    public void Every_error_is_reported_in_file_order()
    {
        var yaml = """
            name: x
            bogus: 1
            sysctl:
              kernel.panic: 1
            interfaces:
              - ring: { rx: -1, tx: huge }
                xps: sometimes
            """;
        var e = Assert.Throws<ProfileException>(() => ProfileParser.Parse(yaml, File));
        Assert.Equal(
            [(2, "bogus"), (4, "sysctl.kernel.panic"), (6, "interfaces[0].ring.rx"), (6, "interfaces[0].ring.tx"), (7, "interfaces[0].xps")],
            e.Errors.Select(x => (x.Line, x.Field)));
        Assert.Equal(5, e.Message.Split('\n').Length);
        Assert.All(e.Message.Split('\n'), line => Assert.StartsWith(File + ":", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Oversized_text_is_refused_before_parsing()
    {
        var error = SingleError(new string('#', ProfileParser.MaxTextLength + 1));
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(33)]
    [InlineData(50_000)]
    [InlineData(ProfileParser.MaxTextLength - 20)]
    public void Deep_nesting_is_an_error_not_a_stack_overflow(int depth)
    {
        // YamlDotNet builds nodes recursively: without the depth limit this kills the test process.
        var error = SingleError("interfaces: " + new string('[', depth));
        Assert.Equal((File, 1, 13 + ProfileParser.MaxDepth - 1), (error.File, error.Line, error.Column));
        Assert.Contains("nest deeper than 32 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_only_a_type_error()
    {
        var error = SingleError("interfaces: " + new string('[', ProfileParser.MaxDepth - 1) + new string(']', ProfileParser.MaxDepth - 1));
        Assert.Equal("interfaces[0]", error.Field);
    }
}

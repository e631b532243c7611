using Nictune.Host.Daemon.Configuration;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

public sealed class AgentConfigLoaderTests
{
    [Fact]
    public void A_complete_file_is_read_into_typed_settings()
    {
        using var file = new ConfigFile("""
            # nictune agent
            state-dir: /srv/nictune
            profile: virtio-throughput
            mode: observe
            drift-interval: 5m
            on-stop: restore-baseline
            interfaces:
              include: [eth*, "ens?"]
              exclude:
                - veth*
            """);

        var settings = AgentConfigLoader.Load(file.Path);

        Assert.Equal("/srv/nictune", settings.StateDirectory);
        Assert.Equal("virtio-throughput", settings.Profile);
        Assert.False(settings.IsAutoProfile);
        Assert.Equal(AgentMode.Observe, settings.Mode);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.DriftInterval);
        Assert.Equal(OnStopAction.RestoreBaseline, settings.OnStop);
        Assert.Equal(file.Path, settings.ConfigFile);
        Assert.True(settings.Interfaces.Allows("eth0"));
        Assert.True(settings.Interfaces.Allows("ens5"));
        Assert.False(settings.Interfaces.Allows("ens10"));
        Assert.False(settings.Interfaces.Allows("veth0"));
        Assert.False(settings.Interfaces.Allows("lo"));
    }

    [Fact]
    public void The_shipped_example_is_valid_and_spells_out_the_defaults()
    {
        var example = Path.Join(NictuneBinary.RepoRoot, "systemd", "agent.yaml");

        var settings = AgentConfigLoader.Load(example);

        Assert.Equal(("/var/lib/nictune", "auto", AgentMode.Enforce, TimeSpan.FromSeconds(60), OnStopAction.Keep),
            (settings.StateDirectory, settings.Profile, settings.Mode, settings.DriftInterval, settings.OnStop));
        Assert.False(settings.Interfaces.Allows("veth0"));
        Assert.True(settings.Interfaces.Allows("eth0"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("profile:\nmode: ~\ninterfaces:\n")]
    public void Empty_files_and_empty_values_mean_the_defaults(string yaml)
    {
        using var file = new ConfigFile(yaml);

        var settings = AgentConfigLoader.Load(file.Path);

        Assert.Equal(("/var/lib/nictune", "auto", AgentMode.Enforce, TimeSpan.FromSeconds(60), OnStopAction.Keep),
            (settings.StateDirectory, settings.Profile, settings.Mode, settings.DriftInterval, settings.OnStop));
        Assert.True(settings.Interfaces.Allows("anything0"));
    }

    [Fact]
    public void A_missing_default_file_means_defaults()
    {
        // Not this machine's /etc/nictune/agent.yaml, which may or may not exist: a default path that surely does not.
        var absent = Path.Join(Path.GetTempPath(), $"nictune-absent-{Guid.NewGuid():N}", "agent.yaml");

        var settings = AgentConfigLoader.Load(explicitPath: null, defaultPath: absent);

        Assert.Null(settings.ConfigFile);
        Assert.True(settings.IsAutoProfile);
    }

    [Fact]
    public void A_present_default_file_is_read()
    {
        using var file = new ConfigFile("mode: observe\n");

        var settings = AgentConfigLoader.Load(explicitPath: null, defaultPath: file.Path);

        Assert.Equal((AgentMode.Observe, file.Path), (settings.Mode, settings.ConfigFile));
    }

    [Fact]
    public void A_missing_explicit_file_is_an_error_naming_it()
    {
        var e = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load("/nonexistent/agent.yaml"));

        Assert.Equal("/nonexistent/agent.yaml: no such configuration file", e.Message);
    }

    [Theory]
    [InlineData("mode: enforce\nfrobnicate: 1\n", ":2:1: unknown key 'frobnicate' (known here: state-dir, profile, mode, drift-interval, on-stop, interfaces, metrics, api, adaptive, guard)")]
    [InlineData("metrics:\n  per_queue: true\n", ":2:3: unknown key 'metrics.per_queue' (known here: listen, per-queue)")]
    [InlineData("interfaces:\n  include: [eth0]\n  inclde: [eth1]\n", ":3:3: unknown key 'interfaces.inclde' (known here: include, exclude)")]
    [InlineData("state_dir: /x\n", ":1:1: unknown key 'state_dir'")]
    [InlineData("Interfaces:\n  Exclude: [a]\n  Bogus: 1\n", ":3:3: unknown key 'Interfaces.Bogus' (known here: include, exclude)")]
    [InlineData("frob:\n  nested: 1\nmode: x\n", ":1:1: unknown key 'frob'")]
    public void Unknown_keys_are_errors_naming_the_key_and_line(string yaml, string expected)
    {
        AssertError(yaml, expected);
    }

    [Theory]
    [InlineData("drift-interval: [1, 2]\n", ":1:1: drift-interval: expected a single value, found a list")]
    [InlineData("mode:\n  a: b\n", ":1:1: mode: expected a single value, found a mapping of keys")]
    [InlineData("interfaces: eth0\n", ":1:1: interfaces: expected a mapping of keys, found a single value")]
    [InlineData("interfaces:\n  include: eth*\n", ":2:3: interfaces.include: expected a list, found a single value")]
    [InlineData("interfaces:\n  exclude:\n    - [a]\n", ":3:7: interfaces.exclude[0]: expected a single value, found a list")]
    [InlineData("- a\n- b\n", ":1:1: the document: expected a mapping of keys, found a list")]
    [InlineData("metrics:\n  listen: 0.0.0.0:10910\n", ":2:3: metrics.listen: expected a list, found a single value")]
    public void Values_of_the_wrong_type_are_errors_naming_the_key_and_line(string yaml, string expected)
    {
        AssertError(yaml, expected);
    }

    [Theory]
    [InlineData("drift-interval: 0s\n", ":1:1: drift-interval: '0s' is out of range 1s..1d")]
    [InlineData("drift-interval: 2d\n", ":1:1: drift-interval: '2d' is out of range 1s..1d")]
    [InlineData("drift-interval: soon\n", ":1:1: drift-interval: 'soon' is not a duration")]
    [InlineData("mode: fast\n", ":1:1: mode: 'fast' is not one of: enforce, observe")]
    [InlineData("on-stop: restore\n", ":1:1: on-stop: 'restore' is not one of: keep, restore-baseline")]
    [InlineData("state-dir: var/lib\n", ":1:1: state-dir: 'var/lib' is not an absolute path")]
    [InlineData("profile: ../etc/passwd\n", ":1:1: profile: '../etc/passwd' is not a profile name")]
    [InlineData("interfaces:\n  include:\n    - eth0\n    - averyveryverylongname\n", ":4:7: interfaces.include[1]: 'averyveryverylongname' can never match")]
    [InlineData("interfaces:\n  exclude: ['eth[01']\n", ":2:13: interfaces.exclude[0]: 'eth[01': '[' at position 4 is not closed")]
    [InlineData("metrics:\n  listen: [\"0.0.0.0\"]\n", ":2:12: metrics.listen[0]: '0.0.0.0' is not ADDRESS:PORT")]
    [InlineData("metrics:\n  listen:\n    - 127.0.0.1:9\n    - localhost:10910\n", ":4:7: metrics.listen[1]: 'localhost:10910': 'localhost' is not an IP address")]
    [InlineData("metrics:\n  listen: [\"::1:10910\"]\n", ":2:12: metrics.listen[0]: '::1:10910': '::1' is not an IP address (IPv6 goes in brackets")]
    [InlineData("metrics:\n  listen: [\"0.0.0.0:70000\"]\n", ":2:12: metrics.listen[0]: '0.0.0.0:70000': the port must be a number from 1 to 65535")]
    [InlineData("metrics:\n  listen: [\"0.0.0.0:1\", \"0.0.0.0:1\"]\n", ":2:25: metrics.listen[1]: '0.0.0.0:1' is listed twice")]
    [InlineData("metrics:\n  per-queue: yes\n", ":2:3: metrics.per-queue: 'yes' is not true or false")]
    public void Impossible_values_are_errors_naming_the_key_and_line(string yaml, string expected)
    {
        AssertError(yaml, expected);
    }

    [Theory]
    [InlineData("", "0.0.0.0:10910", false)]
    [InlineData("metrics:\n", "0.0.0.0:10910", false)]
    [InlineData("metrics:\n  listen:\n  per-queue: true\n", "0.0.0.0:10910", true)]
    [InlineData("metrics:\n  listen: []\n", "", false)]
    [InlineData("metrics:\n  listen: [\"127.0.0.1:9999\", \"[::1]:9999\"]\n", "127.0.0.1:9999 [::1]:9999", false)]
    public void Metrics_listen_defaults_to_all_addresses_and_an_empty_list_turns_it_off(string yaml, string listen, bool perQueue)
    {
        using var file = new ConfigFile(yaml);

        var settings = AgentConfigLoader.Load(file.Path);

        Assert.Equal(listen, string.Join(' ', settings.Metrics.Listen));
        Assert.Equal(listen.Length > 0, settings.Metrics.Enabled);
        Assert.Equal(perQueue, settings.Metrics.PerQueue);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        using var file = new ConfigFile("mode: fast\non-stop: never\n");

        var e = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(file.Path));

        Assert.Equal(2, e.Message.Split('\n').Length);
    }

    [Theory]
    [InlineData("mode: [enforce\n", ":2:1: invalid YAML")]
    [InlineData("mode: enforce\nmode: observe\n", ":2:1: invalid YAML: Duplicate key mode")]
    [InlineData("mode: enforce\nMode: observe\n", ":2:1: duplicate key 'Mode'")]
    [InlineData("mode: enforce\n---\nmode: observe\n", ": only one YAML document is allowed")]
    public void Broken_yaml_is_an_error_with_its_line(string yaml, string expected)
    {
        AssertError(yaml, expected);
    }

    [Fact]
    public void The_shape_table_matches_what_the_binder_accepts()
    {
        // Every key the loader knows a shape for must bind under ErrorOnUnknownConfiguration, or the shape
        // table and AgentOptions have drifted apart.
        using var file = new ConfigFile("""
            state-dir: /x
            profile: auto
            mode: enforce
            drift-interval: 60
            on-stop: keep
            interfaces: {include: [a], exclude: [b]}
            metrics: {listen: ["127.0.0.1:1"], per-queue: true}
            api: {socket: /run/x.sock, socket-group: nictune, listen: ["127.0.0.1:2"], tls: {certificate: /a, key: /b, client-ca: /c}, allow: ["CN=x"], insecure: true, events-buffer: 64}
            adaptive: {rings: apply, window: 10m, cooldown: 2h, threshold: {drops-per-second: 5, fraction: 0.001}, allow-link-reset: true, changes-per-hour: 2}
            guard: {link: true, link-timeout: 20s, probe: ["192.0.2.1:22"], probe-timeout: 3s, counters-window: 2s}
            """);

        var settings = AgentConfigLoader.Load(file.Path);

        Assert.Equal(TimeSpan.FromSeconds(60), settings.DriftInterval);
        var yaml = File.ReadAllText(file.Path);
        Assert.All(AgentOptions.Shape.Keys.Where(k => k.Length > 0 && !k.EndsWith('*')), key => Assert.Contains(key.Split(':')[^1] + ":", yaml, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("guard:\n  link: maybe\n", ":2:3: guard.link: 'maybe' is not true or false")]
    [InlineData("guard:\n  link-timeout: 0s\n", ":2:3: guard.link-timeout: '0s' is not a duration from 1s to 5m (e.g. 10s)")]
    [InlineData("guard:\n  probe-timeout: soon\n", ":2:3: guard.probe-timeout: 'soon' is not a duration from 1s to 5m")]
    [InlineData("guard:\n  probe: [\"gateway.example:22\"]\n", ":2:11: guard.probe[0]: 'gateway.example:22' is not gateway or HOST:PORT with an IP address")]
    [InlineData("guard:\n  probe: [Gateway]\n", ":2:11: guard.probe[0]: 'Gateway' is not gateway or HOST:PORT")]
    [InlineData("guard:\n  probe: [gateway, \"192.0.2.1:22\", gateway]\n", ":2:36: guard.probe[2]: 'gateway' is listed twice")]
    [InlineData("guard:\n  probe: [\"192.0.2.1:22\", \"192.0.2.1:22\"]\n", ":2:27: guard.probe[1]: '192.0.2.1:22' is listed twice")]
    [InlineData("guard:\n  counters-window: 2h\n", ":2:3: guard.counters-window: '2h' is not off or a duration from 500ms to 1m")]
    [InlineData("guard:\n  probe: 192.0.2.1:22\n", ":2:3: guard.probe: expected a list, found a single value")]
    public void Bad_guard_settings_are_errors_naming_the_key_and_line(string yaml, string expected)
    {
        AssertError(yaml, expected);
    }

    [Fact]
    public void The_guard_defaults_to_the_link_check_with_a_ten_second_bound_and_no_probes()
    {
        using var file = new ConfigFile("mode: enforce\n");

        var guard = AgentConfigLoader.Load(file.Path).Guard;

        Assert.Equal((true, TimeSpan.FromSeconds(10), 0, (TimeSpan?)null), (guard.Link, guard.LinkTimeout, guard.Probes.Count, guard.CountersWindow));
        Assert.False(guard.Gateway);
    }

    [Fact]
    public void The_gateway_entry_of_the_probe_list_turns_on_the_gateway_probe_beside_the_tcp_probes()
    {
        using var file = new ConfigFile("guard:\n  probe: [\"192.0.2.1:22\", gateway]\n");

        var guard = AgentConfigLoader.Load(file.Path).Guard;

        Assert.True(guard.Gateway);
        Assert.Equal("192.0.2.1:22", Assert.Single(guard.Probes).ToString());
    }

    private static void AssertError(string yaml, string expected)
    {
        using var file = new ConfigFile(yaml);

        var e = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(file.Path));

        Assert.StartsWith(file.Path, e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"expected '{expected}' in:\n{e.Message}");
    }

    [Fact]
    public void Bracket_classes_count_as_one_character_each()
    {
        using var file = new ConfigFile("interfaces:\n  include: ['ens[0-9][0-9][0-9]', 'eth[!0]?']\n");

        var settings = AgentConfigLoader.Load(file.Path);

        Assert.True(settings.Interfaces.Allows("ens192"));
        Assert.True(settings.Interfaces.Allows("eth12"));
        Assert.False(settings.Interfaces.Allows("eth01"));
    }
}

using Nictune.IntegrationTests.Daemon;
using Xunit;

namespace Nictune.IntegrationTests.Tuning;

/// <summary>
/// gro-flush-timeout and napi-defer-hard-irqs, the two per-interface NAPI files (docs/profiles.md, "NAPI"), added to
/// nictune by their catalog entries alone: plan, apply, rollback and drift of the real binary on veth in a namespace,
/// every value read back with <c>cat</c> from the namespace's sysfs.
/// </summary>
public sealed class NapiSettingsTests
{
    private const string Profile = """
        name: napi
        interfaces:
          - match: { driver: [veth], name: "vt*" }
            gro-flush-timeout: 20000
            napi-defer-hard-irqs: 2
        """;

    private static readonly string[] Pair = ["vt0", "vt1"];

    [Fact]
    public void Plan_lists_both_files_as_changes_and_writes_nothing()
    {
        using var ns = new TuningNamespace();
        var profile = ns.WriteProfile("napi", Profile);

        var result = ns.Nictune("plan", "--profile", profile, "--state-dir", ns.StateDir, "--json");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var rows = json.RootElement.GetProperty("plan").GetProperty("rows").EnumerateArray()
            .ToDictionary(r => $"{r.GetProperty("key").GetProperty("target").GetString()} {r.GetProperty("key").GetProperty("name").GetString()}");
        foreach (var nic in Pair)
        {
            Assert.Equal("change", rows[$"{nic} gro-flush-timeout"].GetProperty("action").GetString());
            Assert.Equal("20000", rows[$"{nic} gro-flush-timeout"].GetProperty("desired").GetString());
            Assert.Equal("0", rows[$"{nic} gro-flush-timeout"].GetProperty("current").GetString());
            Assert.Equal("2", rows[$"{nic} napi-defer-hard-irqs"].GetProperty("desired").GetString());
            Assert.Equal(("0", "0"), Read(ns, nic));
        }
    }

    [Fact]
    public void Apply_writes_both_files_a_second_plan_is_unchanged_and_rollback_restores_them()
    {
        using var ns = new TuningNamespace();
        var profile = ns.WriteProfile("napi", Profile);

        var apply = ns.Nictune("apply", "--profile", profile, "--state-dir", ns.StateDir, "--json");

        Assert.True(apply.ExitCode == 0, apply.Stdout + apply.Stderr);
        foreach (var nic in Pair)
        {
            Assert.Equal(("20000", "2"), Read(ns, nic));
        }

        var again = ns.Nictune("plan", "--profile", profile, "--state-dir", ns.StateDir, "--json");
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.DoesNotContain("\"change\"", again.Stdout, StringComparison.Ordinal);

        var rollback = ns.Nictune("rollback", "--to", "baseline", "--state-dir", ns.StateDir);

        Assert.True(rollback.ExitCode == 0, rollback.Stdout + rollback.Stderr);
        foreach (var nic in Pair)
        {
            Assert.Equal(("0", "0"), Read(ns, nic));
        }
    }

    [Fact]
    public void A_value_above_the_kernels_bound_is_refused_when_the_profile_is_read_and_nothing_is_written()
    {
        using var ns = new TuningNamespace();
        // net-sysfs.c refuses napi_defer_hard_irqs above S32_MAX (ERANGE): the profile's bound is the kernel's.
        var profile = ns.WriteProfile("napi-refused", """
            name: napi-refused
            interfaces:
              - match: { driver: [veth], name: "vt0" }
                gro-flush-timeout: 20000
                napi-defer-hard-irqs: 2147483648
            """);

        var result = ns.Nictune("apply", "--profile", profile, "--state-dir", ns.StateDir, "--json");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        Assert.Contains("interfaces[0].napi-defer-hard-irqs: out of range: expected 0 to 2147483647", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(("0", "0"), Read(ns, "vt0"));
    }

    [Fact]
    public void Drift_of_gro_flush_timeout_is_corrected_by_the_daemon()
    {
        using var ns = new DaemonNamespace();
        ns.RewriteProfile("""
            name: e2e
            interfaces:
              - match: { driver: [veth], name: "vt*" }
                gro-flush-timeout: 20000
                napi-defer-hard-irqs: 2
            """);
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config()));
        ns.Notify.WaitFor("READY=1", Poll.Boot);
        Assert.Equal(("20000", "2"), Read(ns.Namespace, "vt0"));
        var mark = agent.LineCount;

        ns.Namespace.CheckExec("sh", "-c", "echo 0 > /sys/class/net/vt0/gro_flush_timeout");

        agent.WaitForLine("Drift: vt0 gro-flush-timeout holds 0, the profile wants 20000 (correcting)", Poll.Soon, mark);
        Assert.True(Poll.Until(() => Read(ns.Namespace, "vt0") == ("20000", "2"), Poll.Soon), $"not corrected:\n{agent.Output}");
    }

    private static (string GroFlushTimeout, string DeferHardIrqs) Read(TuningNamespace ns, string nic) => Read(ns.Namespace, nic);

    private static (string GroFlushTimeout, string DeferHardIrqs) Read(Nictune.Testing.NetNamespace ns, string nic) =>
        (ns.CheckExec("cat", $"/sys/class/net/{nic}/gro_flush_timeout").Trim(),
         ns.CheckExec("cat", $"/sys/class/net/{nic}/napi_defer_hard_irqs").Trim());
}

using System.Text.Json;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// Issue 22 (10): a request above the device maximum is planned `clamped` (README, the plan's actions), also when the
/// device already holds the maximum, and such a row is neither written nor counted as a change. The binary (the test
/// build) plans vt0's rx ring from the NICTUNE_TEST_RINGS file, since veth has no rings (docs/adaptive.md, "Testing").
/// </summary>
public sealed class ClampedRingPlanTests
{
    [Fact]
    public void A_ring_request_above_the_maximum_the_device_holds_is_clamped_written_by_nothing_and_no_change()
    {
        using var ns = new DaemonNamespace();
        ns.RewriteProfile("""
            description: a ring above vt0's maximum
            interfaces:
              - match: { driver: [veth], name: "vt0" }
                ring: { rx: 9000 }
            """);
        var rings = Path.Join(ns.TestDirectory, "rings");
        File.WriteAllText(rings, "vt0 4096 4096\n");
        var environment = new Dictionary<string, string?>
        {
            ["NICTUNE_PROFILE_PATH"] = ns.TestDirectory,
            ["NICTUNE_TEST_RINGS"] = rings,
        };
        string[] plan = [NictuneBinary.FaultHookPath, "plan", "--profile", DaemonNamespace.ProfileName, "--state-dir", ns.StateDir];

        var json = ns.Namespace.Exec([.. plan, "--json"], environment, TimeSpan.FromSeconds(60));
        var text = ns.Namespace.Exec(plan, environment, TimeSpan.FromSeconds(60));

        Assert.True(json.ExitCode == 0, json.Stderr);
        using var document = JsonDocument.Parse(json.Stdout);
        var row = Assert.Single(document.RootElement.GetProperty("plan").GetProperty("rows").EnumerateArray(),
            r => r.GetProperty("key").GetProperty("target").GetString() == "vt0" && r.GetProperty("key").GetProperty("name").GetString() == "ring.rx");
        Assert.Equal(("clamped", "4096", false), (row.GetProperty("action").GetString(), row.GetProperty("desired").GetString(), row.GetProperty("isWrite").GetBoolean()));
        Assert.Contains(": 0 change(s)", text.Stdout.Split('\n')[0], StringComparison.Ordinal);
    }
}

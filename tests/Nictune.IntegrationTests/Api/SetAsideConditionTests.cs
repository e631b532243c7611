using System.Text.Json;
using Nictune.IntegrationTests.Daemon;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// The real agent with a profile one of whose sysctls the kernel refuses for good (min above max: EINVAL): the setting
/// is set aside, and <c>nictune status --json</c>'s Drifted condition names it rather than saying that every managed
/// setting holds the profile's value (the kernel read with sysctl says it does not).
/// </summary>
public sealed class SetAsideConditionTests
{
    [Fact]
    public void Drifted_names_the_setting_the_kernel_refused()
    {
        using var ns = new DaemonNamespace();
        ns.RewriteProfile("""
            name: e2e
            sysctl:
              net.core.somaxconn: 8192
              net.ipv4.ip_local_port_range: "60000 50000"
            """);
        ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        ns.Notify.WaitFor("READY=1", Poll.Boot);
        Assert.NotEqual("60000\t50000", ns.Namespace.CheckExec("sysctl", "-n", "net.ipv4.ip_local_port_range").Trim());

        var status = ns.Nictune("status", "--json", "--target", "unix://" + ns.ApiSocket);

        Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
        using var json = JsonDocument.Parse(status.Stdout);
        var drifted = json.RootElement.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Drifted");
        var message = drifted.GetProperty("message").GetString()!;
        Assert.Equal("SettingsSetAside", drifted.GetProperty("reason").GetString());
        Assert.Contains("sysctl net.ipv4.ip_local_port_range", message, StringComparison.Ordinal);
        Assert.DoesNotContain("every managed setting holds", message, StringComparison.Ordinal);
    }
}

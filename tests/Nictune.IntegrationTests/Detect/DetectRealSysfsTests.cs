using System.Text.Json;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Detect;

/// <summary>
/// <c>nictune detect</c> on this machine's real /sys, checked against what the kernel tells ethtool. Read-only:
/// it runs <c>detect</c> and <c>ethtool -i</c>, nothing that changes a setting.
/// </summary>
public sealed class DetectRealSysfsTests
{
    [Fact]
    public void Driver_and_bus_address_match_ethtool_for_every_device_backed_interface()
    {
        Prerequisite.RequireTool("ethtool");

        var result = NictuneBinary.Run("detect", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        // A net_failover master is software but has a device link, and ethtool names its driver: check it too.
        var interfaces = doc.RootElement.GetProperty("interfaces").EnumerateArray()
            .Where(i => i.GetProperty("class").GetString() != "software" || i.GetProperty("failover").GetString() == "master")
            .ToList();
        Prerequisite.Require(interfaces.Count > 0, "at least one device-backed network interface on this machine");

        foreach (var nic in interfaces)
        {
            var name = nic.GetProperty("name").GetString()!;
            var ethtool = Tools.Run("ethtool", "-i", name);
            Assert.True(ethtool.ExitCode == 0, $"ethtool -i {name}: {ethtool.Stderr}");
            var fields = ToolOutput.KeyValues(ethtool.Stdout);

            Assert.True(
                fields.GetValueOrDefault("driver") == nic.GetProperty("driver").GetString(),
                $"{name}: nictune says driver {nic.GetProperty("driver")}, ethtool says {fields.GetValueOrDefault("driver")}");
            if (nic.GetProperty("pci").ValueKind == JsonValueKind.Object)
            {
                var address = nic.GetProperty("pci").GetProperty("address").GetString();
                Assert.True(
                    fields.GetValueOrDefault("bus-info") == address,
                    $"{name}: nictune says PCI {address}, ethtool says bus-info {fields.GetValueOrDefault("bus-info")}");
            }
        }
    }
}

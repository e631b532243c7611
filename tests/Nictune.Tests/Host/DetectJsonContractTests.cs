using System.Text;
using System.Text.Json;
using Nictune.Tests.Fixtures;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Host;

/// <summary>
/// <c>nictune detect --json</c> is a contract: these property names, in this order, with explicit nulls. Other
/// properties may be added, so the real binary's output is projected onto the contract's shape before comparing.
/// </summary>
public sealed class DetectJsonContractTests
{
    private const string Contract = """
        {"hypervisor":"vmware","interfaces":[
        {"name":"ens192","class":"paravirtual","driver":"vmxnet3","pci":{"address":"0000:0b:00.0","vendor":"15ad","device":"07b0","subsystemVendor":"15ad","subsystemDevice":"07b0"},"queues":{"rx":4,"tx":4},"mtu":1500,"operState":"up","master":null,"failover":null},
        {"name":"ens33","class":"emulated","driver":"e1000","pci":{"address":"0000:02:01.0","vendor":"8086","device":"100f","subsystemVendor":"15ad","subsystemDevice":"0750"},"queues":{"rx":1,"tx":1},"mtu":1500,"operState":"up","master":null,"failover":null},
        {"name":"lo","class":"software","driver":null,"pci":null,"queues":{"rx":1,"tx":1},"mtu":65536,"operState":"unknown","master":null,"failover":null}],
        "advisories":[{"code":"emulated-nic","severity":"warning","interface":"ens33","pci":null,"message":"..."}]}
        """;

    [Fact]
    public void Detect_json_holds_the_contract()
    {
        using var tree = new SysfsTreeBuilder();
        tree.Cpus(4, hypervisorFlag: true).Dmi("VMware, Inc.", "VMware Virtual Platform");
        tree.Netdev("lo", null, new NetdevOptions { Type = 772, Mtu = 65536, OperState = "unknown" });
        tree.Netdev("ens33", tree.PciFunction("0000:02:01.0", "8086:100f", "15ad:0750", "e1000", msiVectors: 0));
        tree.Netdev("ens192", tree.PciFunction("0000:0b:00.0", "15ad:07b0", "15ad:07b0", "vmxnet3"), NetdevOptions.Queues(4));

        var result = NictuneBinary.Run("detect", "--root", tree.Root, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var actual = JsonDocument.Parse(result.Stdout);
        using var shape = JsonDocument.Parse(Contract);
        Assert.Equal(Compact(shape.RootElement), Project(actual.RootElement, shape.RootElement));

        var message = actual.RootElement.GetProperty("advisories")[0].GetProperty("message").GetString();
        Assert.Contains("VMXNET3", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_without_json_prints_the_table()
    {
        var scenario = SysfsScenarios.Get("kvm-virtio-standby");
        using var tree = scenario.Create();

        var result = NictuneBinary.Run("detect", "--root", tree.Root);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Hypervisor: kvm", result.Stdout, StringComparison.Ordinal);
        var row = result.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("ens3nsby ", StringComparison.Ordinal));
        Assert.Equal(
            ["ens3nsby", "paravirtual", "virtio_net", "0000:00:03.0", "1af4:1041", "4/4", "1500", "up", "ens3", "standby"],
            row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// Writes <paramref name="actual"/> keeping only what <paramref name="shape"/> names, in the order the actual
    /// document has it, so an order change, a rename or a dropped null all show. Strings the shape gives as
    /// <c>"..."</c> (free text) are compared by presence only.
    /// </summary>
    private static string Project(JsonElement actual, JsonElement shape)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, actual, shape);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonElement actual, JsonElement shape)
    {
        if (actual.ValueKind == JsonValueKind.Object && shape.ValueKind == JsonValueKind.Object)
        {
            writer.WriteStartObject();
            foreach (var property in actual.EnumerateObject())
            {
                if (shape.TryGetProperty(property.Name, out var child))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, child);
                }
            }

            writer.WriteEndObject();
        }
        else if (actual.ValueKind == JsonValueKind.Array && shape.ValueKind == JsonValueKind.Array && shape.GetArrayLength() > 0)
        {
            writer.WriteStartArray();
            var i = 0;
            foreach (var item in actual.EnumerateArray())
            {
                Write(writer, item, shape[Math.Min(i++, shape.GetArrayLength() - 1)]);
            }

            writer.WriteEndArray();
        }
        else if (shape.ValueKind == JsonValueKind.String && shape.GetString() == "..." && actual.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(actual.GetString()))
        {
            writer.WriteStringValue("...");
        }
        else
        {
            actual.WriteTo(writer);
        }
    }

    private static string Compact(JsonElement element)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

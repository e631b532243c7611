using System.Globalization;
using System.Text.Json;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Detect;

/// <summary>
/// The shipped binary's <c>detect --json</c> in a namespace holding every link kind this kernel lets a test build
/// (<see cref="LinkKinds"/>), checked fact by fact against what the kernel tells <c>ip -d -j
/// link</c> and <c>ethtool</c>. On the live root those facts come from rtnetlink (docs/discovery.md); the tools ask the
/// kernel their own way.
/// </summary>
public sealed class DetectLinkKindsTests
{
    [Fact]
    public void Detect_agrees_with_ip_and_ethtool_on_every_interface()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("ip");
        Prerequisite.RequireTool("ethtool");
        using var ns = NetNamespace.Create("nictune-kinds");
        LinkKinds.Build(ns, "k");

        var detect = ns.Exec(NictuneBinary.Path, "detect", "--json");
        Assert.True(detect.ExitCode == 0, detect.Stderr);
        using var reported = JsonDocument.Parse(detect.Stdout);
        using var links = JsonDocument.Parse(ns.Ip("-d", "-j", "link", "show"));
        var kernel = links.RootElement.EnumerateArray().ToDictionary(l => l.GetProperty("ifname").GetString()!, StringComparer.Ordinal);
        var interfaces = reported.RootElement.GetProperty("interfaces").EnumerateArray().ToList();

        Assert.Equal(kernel.Keys.Order(StringComparer.Ordinal), interfaces.Select(i => i.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        foreach (var nic in interfaces)
        {
            var name = nic.GetProperty("name").GetString()!;
            var link = kernel[name];
            Same(name, "ifIndex", link.GetProperty("ifindex").GetInt32(), nic.GetProperty("ifIndex").GetInt32());
            Same(name, "mtu", link.GetProperty("mtu").GetInt32(), nic.GetProperty("mtu").GetInt32());
            Same(name, "txQueueLen", link.GetProperty("txqlen").GetInt32(), nic.GetProperty("txQueueLen").GetInt32());
            Same(name, "operState", link.GetProperty("operstate").GetString()!.ToLowerInvariant(), nic.GetProperty("operState").GetString());
            // ip prints no address for a link whose address is empty (tun).
            Same(name, "mac", link.TryGetProperty("address", out var address) ? address.GetString() : null, nic.GetProperty("mac").GetString());
            Same(name, "master", link.TryGetProperty("master", out var master) ? master.GetString() : null, nic.GetProperty("master").GetString());
            var kind = link.TryGetProperty("linkinfo", out var info) && info.TryGetProperty("info_kind", out var k) ? k.GetString() : null;
            Same(name, "kind", ExpectedKind(kind, link.GetProperty("link_type").GetString()), nic.GetProperty("kind").GetString());

            // lo has no get_drvinfo: ethtool -i fails, and detect names no driver.
            var driverInfo = ns.Exec("ethtool", "-i", name);
            var ethtool = driverInfo.ExitCode == 0 ? ToolOutput.KeyValues(driverInfo.Stdout) : [];
            Same(name, "driver", NullIfEmpty(ethtool.GetValueOrDefault("driver")), nic.GetProperty("driver").GetString());
            Same(name, "driverVersion", NullIfEmpty(ethtool.GetValueOrDefault("version")), nic.GetProperty("driverVersion").GetString());
            Same(name, "firmware", NullIfEmpty(ethtool.GetValueOrDefault("firmware-version")), nic.GetProperty("firmware").GetString());
            // The speed file answers only while the device runs (IFF_UP); ethtool asks the driver either way.
            var running = link.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP");
            Same(name, "speed", running ? Speed(ns.Exec("ethtool", name).Stdout) : null, nic.GetProperty("speed").ValueKind == JsonValueKind.Null ? null : nic.GetProperty("speed").GetInt64());
        }

        // The channel cut shows in the queues (sysfs), not in the allocated count ip reports.
        var kq0 = interfaces.Single(i => i.GetProperty("name").GetString() == "kq0").GetProperty("queues");
        Assert.Equal((2, 2), (kq0.GetProperty("rx").GetInt32(), kq0.GetProperty("tx").GetInt32()));
        Assert.Equal(4, kernel["kq0"].GetProperty("num_tx_queues").GetInt32());
    }

    /// <summary>detect's kind for a link the kernel names <paramref name="kind"/>: loopback by its link type, the rest by their kind.</summary>
    private static string? ExpectedKind(string? kind, string? linkType) => kind == null && linkType == "loopback" ? "loopback" : kind;

    private static void Same<T>(string name, string field, T expected, T actual) =>
        Assert.True(EqualityComparer<T>.Default.Equals(expected, actual), $"{name}.{field}: the kernel's tools say {expected}, detect says {actual}");

    /// <summary>ethtool's "Speed: 10000Mb/s", or null for "Unknown!" or a device that reports none.</summary>
    private static long? Speed(string settings) =>
        ToolOutput.KeyValues(settings).GetValueOrDefault("Speed") is { } speed && speed.EndsWith("Mb/s", StringComparison.Ordinal)
            && long.TryParse(speed[..^4], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}

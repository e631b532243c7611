using Nictune.Linux.IO;
using Nictune.Tests.Linux.Tuning;
using Xunit;

namespace Nictune.Tests.Linux.IO;

/// <summary>A fixture root is a jail: no path, link or ".." under it reaches the host. Temp directories only.</summary>
public sealed class SystemRootPathTests
{
    [Fact]
    public void A_dot_dot_path_that_leaves_the_root_is_refused()
    {
        using var fixture = new FixtureRoot();

        var e = Assert.Throws<ArgumentException>(() => fixture.Root.Map("/sys/../../etc/passwd"));
        Assert.Contains("/sys/../../etc/passwd", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => fixture.Root.ReadTrimmed("/../etc/hostname"));
        Assert.Throws<ArgumentException>(() => fixture.Root.WriteText("/proc/../../tmp/x", "1"));
    }

    [Fact]
    public void A_dot_dot_path_that_stays_inside_is_normalised()
    {
        using var fixture = new FixtureRoot();

        Assert.Equal(Path.Join(fixture.Root.Root, "sys/class/net"), fixture.Root.Map("/sys/devices/../class/./net"));
        Assert.Equal(fixture.Root.Root, fixture.Root.Map("/"));
    }

    [Fact]
    public void Unmap_refuses_a_path_outside_the_root()
    {
        using var fixture = new FixtureRoot();

        Assert.Equal("/sys/class", fixture.Root.Unmap(Path.Join(fixture.Root.Root, "sys/class")));
        Assert.Equal("/", fixture.Root.Unmap(fixture.Root.Root));
        Assert.Throws<ArgumentException>(() => fixture.Root.Unmap("/etc"));
        Assert.Throws<ArgumentException>(() => fixture.Root.Unmap(fixture.Root.Root + "-sibling/sys"));
    }

    [Fact]
    public void An_absolute_link_inside_a_fixture_resolves_within_the_fixture()
    {
        using var fixture = new FixtureRoot().With("/sys/devices/pci0000:00/0000:00:03.0/vendor", "0x1af4\n");
        Directory.CreateDirectory(fixture.Root.Map("/sys/class/net/eth0"));
        File.CreateSymbolicLink(fixture.Root.Map("/sys/class/net/eth0/device"), "/sys/devices/pci0000:00/0000:00:03.0");

        Assert.Equal("/sys/devices/pci0000:00/0000:00:03.0", fixture.Root.ResolvePath("/sys/class/net/eth0/device"));
    }

    [Fact]
    public void An_absolute_link_to_a_host_only_path_does_not_resolve_on_the_host()
    {
        using var fixture = new FixtureRoot();
        Directory.CreateDirectory(fixture.Root.Map("/sys/class/net/eth0"));
        File.CreateSymbolicLink(fixture.Root.Map("/sys/class/net/eth0/device"), "/proc/self");

        // /proc/self exists on the host, not in the fixture.
        Assert.Null(fixture.Root.ResolvePath("/sys/class/net/eth0/device"));
    }

    [Fact]
    public void A_relative_link_climbing_above_the_root_stops_at_the_root()
    {
        using var fixture = new FixtureRoot().With("/etc/marker", "fixture\n");
        Directory.CreateDirectory(fixture.Root.Map("/sys/class/net/eth0"));
        File.CreateSymbolicLink(fixture.Root.Map("/sys/class/net/eth0/device"), "../../../../../../../../etc");

        Assert.Equal("/etc", fixture.Root.ResolvePath("/sys/class/net/eth0/device"));
    }

    [Fact]
    public void The_live_root_maps_paths_unchanged()
    {
        Assert.Equal("/sys/class/net", SystemRoot.Live.Map("/sys/class/net"));
        Assert.Equal("/proc/self", SystemRoot.Live.Unmap("/proc/self"));
        Assert.Equal("/", SystemRoot.Live.ResolvePath("/proc/.."));
    }
}

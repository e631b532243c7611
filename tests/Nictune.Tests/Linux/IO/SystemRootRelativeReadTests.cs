using Nictune.Linux.IO;
using Nictune.Tests.Linux.Tuning;
using Xunit;

namespace Nictune.Tests.Linux.IO;

/// <summary>
/// Reads relative to a listed directory's descriptor (the live root's fast path): same answers as the full path, a name
/// that is not one plain component goes by the full path, and a fixture root hands out no descriptor (its jail stays).
/// </summary>
public sealed class SystemRootRelativeReadTests
{
    [Fact]
    public void On_the_live_root_a_plain_name_reads_as_its_full_path_does()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Join(temp.Path, "a"), " hello\n");
        Directory.CreateDirectory(Path.Join(temp.Path, "sub"));
        File.WriteAllText(Path.Join(temp.Path, "sub", "b"), "world\n");

        var entries = SystemRoot.Live.TryList(temp.Path, out var directory);
        using (directory)
        {
            Assert.Equal(["a", "sub"], entries);
            Assert.NotNull(directory);
            Assert.Equal("hello", SystemRoot.Live.ReadTrimmedAt(directory, temp.Path, "a"));
            Assert.Null(SystemRoot.Live.ReadTrimmedAt(directory, temp.Path, "missing"));
            Assert.Null(SystemRoot.Live.ReadTrimmedAt(directory, temp.Path, "sub"));

            // Not one plain component: read by the full path, as without a descriptor.
            Assert.Equal("world", SystemRoot.Live.ReadTrimmedAt(directory, temp.Path, "sub/b"));
            Assert.Null(SystemRoot.Live.ReadTrimmedAt(directory, temp.Path, ".."));
            Assert.Null(SystemRoot.Live.ReadTrimmedAt(directory, temp.Path, ""));
        }
    }

    [Fact]
    public void A_fixture_root_hands_out_no_descriptor_and_reads_inside_its_jail()
    {
        using var fixture = new FixtureRoot();
        fixture.With("/sys/class/net/eth0/mtu", "1500\n");

        var entries = fixture.Root.TryList("/sys/class/net/eth0", out var directory);

        Assert.Equal(["mtu"], entries);
        Assert.Null(directory);
        Assert.Equal("1500", fixture.Root.ReadTrimmedAt(directory, "/sys/class/net/eth0", "mtu"));
    }

    [Fact]
    public void A_directory_that_cannot_be_listed_hands_out_no_descriptor()
    {
        using var temp = new TempDirectory();

        Assert.Null(SystemRoot.Live.TryList(Path.Join(temp.Path, "missing"), out var directory));
        Assert.Null(directory);
    }
}

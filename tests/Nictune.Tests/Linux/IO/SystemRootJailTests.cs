using System.Text.Json;
using Nictune.Tests.Fixtures;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Linux.IO;

/// <summary>
/// Issue 9 §6 and §4: <c>--root</c> is a jail for reads too. A link inside a fixture tree, absolute or made of
/// <c>..</c>, resolves inside the tree; a FIFO, a device or a huge file in the tree reads as missing, at once.
/// </summary>
public sealed class SystemRootJailTests : IDisposable
{
    private const string Secret = "root:$6$secret-hash:19000:0:99999:7:::";

    private readonly SysfsTreeBuilder _tree = new();
    private readonly TempDirectory _outside = new();
    private readonly string _secretFile;

    public SystemRootJailTests()
    {
        _tree.Cpus(2, hypervisorFlag: false);
        _tree.Netdev("eth0", null);
        _secretFile = Path.Join(_outside.Path, "shadow");
        File.WriteAllText(_secretFile, Secret + "\n");
    }

    [Fact]
    public void An_absolute_link_to_a_host_file_reads_as_missing()
    {
        var operstate = _tree.Map($"{_tree.NetdevDir("eth0")}/operstate");
        File.Delete(operstate);
        File.CreateSymbolicLink(operstate, _secretFile);

        Assert.Null(_tree.SystemRoot.ReadTrimmed("/sys/class/net/eth0/operstate"));
    }

    [Fact]
    public void A_dot_dot_link_that_climbs_out_of_the_tree_stays_inside()
    {
        var operstate = _tree.Map($"{_tree.NetdevDir("eth0")}/operstate");
        File.Delete(operstate);
        var climb = string.Concat(Enumerable.Repeat("../", 30)) + _secretFile.TrimStart('/');
        File.CreateSymbolicLink(operstate, climb);

        Assert.Null(_tree.SystemRoot.ReadTrimmed("/sys/class/net/eth0/operstate"));
    }

    [Fact]
    public void A_link_to_the_live_class_net_does_not_reach_the_live_interface()
    {
        Prerequisite.Require(Directory.Exists("/sys/class/net/lo"), "/sys/class/net/lo");
        File.CreateSymbolicLink(_tree.Map("/sys/class/net/x"), "/sys/class/net/lo");
        File.CreateSymbolicLink(_tree.Map("/sys/class/net/y"), string.Concat(Enumerable.Repeat("../", 30)) + "sys/class/net/lo");

        var root = _tree.SystemRoot;
        Assert.Null(root.ReadTrimmed("/sys/class/net/x/mtu"));
        Assert.Null(root.ReadTrimmed("/sys/class/net/y/mtu"));
        Assert.False(root.DirectoryExists("/sys/class/net/x"));
        Assert.Empty(root.List("/sys/class/net/y"));
    }

    [Fact]
    public async Task A_fifo_a_device_and_a_huge_attribute_read_as_missing_at_once()
    {
        var dir = _tree.NetdevDir("eth0");
        var mtu = _tree.Map($"{dir}/mtu");
        File.Delete(mtu);
        Tools.Check("mkfifo", mtu);
        var speed = _tree.Map($"{dir}/speed");
        File.Delete(speed);
        File.CreateSymbolicLink(speed, "/dev/zero");
        _tree.WriteFile($"{dir}/address", new string('a', 300_000));

        var root = _tree.SystemRoot;
        var read = await Task.Run(() => (Mtu: root.ReadTrimmed("/sys/class/net/eth0/mtu"), Speed: root.ReadTrimmed("/sys/class/net/eth0/speed"), Mac: root.ReadTrimmed("/sys/class/net/eth0/address")))
            .WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal((null, null, null), read);
    }

    [Fact]
    public void Detect_with_a_trapped_tree_exits_0_and_never_prints_the_host_file()
    {
        var dir = _tree.NetdevDir("eth0");
        var operstate = _tree.Map($"{dir}/operstate");
        File.Delete(operstate);
        File.CreateSymbolicLink(operstate, _secretFile);
        var mtu = _tree.Map($"{dir}/mtu");
        File.Delete(mtu);
        Tools.Check("mkfifo", mtu);
        var speed = _tree.Map($"{dir}/speed");
        File.Delete(speed);
        File.CreateSymbolicLink(speed, "/dev/zero");

        var result = NictuneBinary.Run(["detect", "--root", _tree.Root, "--json"], environment: null, timeout: TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("secret-hash", result.Stdout + result.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Stdout);
        var eth0 = json.RootElement.GetProperty("interfaces").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "eth0");
        Assert.Equal(JsonValueKind.Null, eth0.GetProperty("operState").ValueKind);
        Assert.Equal(JsonValueKind.Null, eth0.GetProperty("mtu").ValueKind);
    }

    public void Dispose()
    {
        _tree.Dispose();
        _outside.Dispose();
    }
}

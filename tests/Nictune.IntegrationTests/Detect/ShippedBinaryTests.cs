using System.Text;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Detect;

/// <summary>What the binary we ship must not contain: the fault hook exists only in test builds.</summary>
public sealed class ShippedBinaryTests
{
    private const string FaultHookVariable = "NICTUNE_TEST_PAUSE_AFTER_WRITE";

    [Fact]
    public void The_published_binary_has_no_fault_hook_and_the_test_build_has_one()
    {
        var bin = Environment.GetEnvironmentVariable("NICTUNE_BIN");
        Prerequisite.Require(!string.IsNullOrEmpty(bin) && File.Exists(bin), "NICTUNE_BIN pointing at the NativeAOT Release build (set by tests/run.sh)");

        // .NET keeps string literals as UTF-16; look for both encodings so that no form of the name hides.
        Assert.False(Contains(File.ReadAllBytes(bin!), FaultHookVariable), $"{bin} contains the fault hook");

        var testBuild = Path.Join(Path.GetDirectoryName(NictuneBinary.FaultHookPath)!, "nictune.dll");
        Assert.True(Contains(File.ReadAllBytes(testBuild), FaultHookVariable), $"{testBuild} lacks the fault hook the kill -9 tests need");
    }

    [Theory]
    [InlineData("NICTUNE_TEST_RINGS")]
    [InlineData("NICTUNE_TEST_DROP_FEED")]
    [InlineData("NICTUNE_TEST_DRIVERS")]
    [InlineData("Vmxnet3Simulator")]
    public void The_adaptive_rings_test_hooks_are_only_in_the_test_build(string variable)
    {
        var bin = Environment.GetEnvironmentVariable("NICTUNE_BIN");
        Prerequisite.Require(!string.IsNullOrEmpty(bin) && File.Exists(bin), "NICTUNE_BIN pointing at the NativeAOT Release build (set by tests/run.sh)");

        Assert.False(Contains(File.ReadAllBytes(bin!), variable), $"{bin} contains the test hook {variable}");
        var testBuild = Path.Join(Path.GetDirectoryName(NictuneBinary.FaultHookPath)!, "nictune.dll");
        Assert.True(Contains(File.ReadAllBytes(testBuild), variable), $"{testBuild} lacks the test hook {variable} the adaptive end-to-end and simulator agreement tests need");
    }

    private static bool Contains(byte[] haystack, string text) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;
}

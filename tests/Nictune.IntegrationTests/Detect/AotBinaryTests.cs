using System.Text.Json;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Detect;

/// <summary>The binary we ship is the NativeAOT build; tests/run.sh publishes it and sets NICTUNE_BIN.</summary>
public sealed class AotBinaryTests
{
    [Fact]
    public void Published_binary_detects_this_machine_as_json()
    {
        var bin = Environment.GetEnvironmentVariable("NICTUNE_BIN");
        Prerequisite.Require(!string.IsNullOrEmpty(bin) && File.Exists(bin), "NICTUNE_BIN pointing at the NativeAOT build (set by tests/run.sh)");

        var result = NictuneBinary.Run("detect", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(JsonValueKind.String, doc.RootElement.GetProperty("hypervisor").ValueKind);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("interfaces").ValueKind);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("advisories").ValueKind);
    }
}

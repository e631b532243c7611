using System.Text.Json;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Host;

/// <summary>
/// The Debug build (which the fault-hook tests always run, and every functional test when <c>$NICTUNE_BIN</c> is unset)
/// carries the feature switches the NativeAOT publish is compiled with (Nictune.Host.csproj), so that those tests
/// exercise what ships: with JSON reflection off, any (de)serialization that lacks a source-generated context fails in
/// the JSON contract and state-file tests instead of only in the published binary, where the reflection code is not
/// there at all. The NativeAOT binary has its switches compiled in and no runtimeconfig.json to read.
/// </summary>
public sealed class FeatureSwitchTests
{
    [Theory]
    [InlineData("System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault")]
    [InlineData("System.Net.SocketsHttpHandler.Http3Support")]
    [InlineData("System.Diagnostics.Tracing.EventSource.IsSupported")]
    public void The_tested_binary_runs_with_the_feature_off(string feature)
    {
        var config = Path.ChangeExtension(NictuneBinary.FaultHookPath, null) + ".runtimeconfig.json";

        Prerequisite.Require(File.Exists(config), $"the Debug build's {config}");
        using var document = JsonDocument.Parse(File.ReadAllBytes(config));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty(feature, out var value), $"{feature} is not set in {config}");
        Assert.Equal(JsonValueKind.False, value.ValueKind);
    }
}

#if FLOOR_FULL
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Polly;
using Polly.Retry;
using YamlDotNet.RepresentationModel;

namespace Nictune.Bench.Floor;

/// <summary>
/// floor-full's start: the rest of the mandated packages, each touched once as nictune uses it. A YAML document read
/// into YamlDotNet's representation model (as nictune reads profiles and agent.yaml), a status written through a
/// System.Text.Json source-generated context, and Kestrel's start inside a Polly retry pipeline.
/// </summary>
internal static class FloorFull
{
    private const string Configuration = "mode: observe\nmetrics:\n  listen: [\"127.0.0.1:10910\"]\n";

    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(Configuration));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var status = new FloorStatus(((YamlScalarNode)root.Children[new YamlScalarNode("mode")]).Value ?? "", root.Children.Count);
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(status, FloorJsonContext.Default.FloorStatus)).ConfigureAwait(false);

        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(100) })
            .Build();
        await pipeline.ExecuteAsync(static async (app, token) => await app.StartAsync(token).ConfigureAwait(false), app, cancellationToken).ConfigureAwait(false);
    }
}

internal sealed record FloorStatus(string Mode, int Keys);

[JsonSerializable(typeof(FloorStatus))]
internal sealed partial class FloorJsonContext : JsonSerializerContext;
#endif

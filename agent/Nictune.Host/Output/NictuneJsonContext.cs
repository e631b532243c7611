using System.Text.Json.Serialization;
using Nictune.Core.Model;

namespace Nictune.Host.Output;

/// <summary>Source-generated JSON for every document the CLI prints: no reflection, so AOT and trimming are safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SystemInventory))]
internal sealed partial class NictuneJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using Nictune.Core.Transactions;

namespace Nictune.Linux.State;

/// <summary>The history's records: one JSON object per line, so a record is appended without rewriting the file.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    MaxDepth = 16,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TransactionResult))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;

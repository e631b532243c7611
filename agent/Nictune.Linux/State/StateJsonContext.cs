using System.Text.Json.Serialization;
using Nictune.Core.Transactions;

namespace Nictune.Linux.State;

/// <summary>Source-generated JSON for the state documents: no reflection, so AOT and trimming are safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Journal))]
[JsonSerializable(typeof(Baseline))]
[JsonSerializable(typeof(TransactionHistory))]
internal sealed partial class StateJsonContext : JsonSerializerContext;

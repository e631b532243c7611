using System.Text.Json.Serialization;
using Nictune.Core.Transactions;

namespace Nictune.Linux.State;

/// <summary>
/// Source-generated JSON for the state documents: no reflection, so AOT and trimming are safe. Missing constructor
/// parameters and nulls where the type says non-null are errors at parse time (<c>{}</c> is not a journal);
/// <see cref="StateDocumentValidator"/> then checks what JSON types cannot say.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    MaxDepth = 16,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Journal))]
[JsonSerializable(typeof(Baseline))]
[JsonSerializable(typeof(AdjustedSettings))]
[JsonSerializable(typeof(PendingConfirmation))]
[JsonSerializable(typeof(Nictune.Core.Adaptive.AdaptiveOverlay))]
internal sealed partial class StateJsonContext : JsonSerializerContext;

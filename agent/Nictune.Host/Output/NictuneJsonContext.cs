using System.Text.Json.Serialization;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;

namespace Nictune.Host.Output;

/// <summary>Source-generated JSON for every document the CLI prints: no reflection, so AOT and trimming are safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters =
    [
        typeof(KebabCaseEnumConverter<PlanAction>),
        typeof(KebabCaseEnumConverter<SettingScope>),
        typeof(KebabCaseEnumConverter<SettingStatus>),
        typeof(KebabCaseEnumConverter<TransactionKind>),
        typeof(KebabCaseEnumConverter<TransactionOutcome>),
    ])]
[JsonSerializable(typeof(SystemInventory))]
[JsonSerializable(typeof(TuningReport))]
[JsonSerializable(typeof(StateCheckReport))]
internal sealed partial class NictuneJsonContext : JsonSerializerContext;

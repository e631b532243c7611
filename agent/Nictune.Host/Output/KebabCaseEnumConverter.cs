using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nictune.Host.Output;

/// <summary>
/// Writes an enum as its kebab-case name (<c>FailedRolledBack</c> → <c>failed-rolled-back</c>), the form every
/// enum in our JSON takes. A closed generic per enum keeps the source generator AOT-safe.
/// </summary>
internal sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;

using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>A value a driver adjusted: a successful transaction wrote <paramref name="Desired"/> and the kernel held <paramref name="Held"/>.</summary>
/// <param name="Key">The setting.</param>
/// <param name="Desired">The value written.</param>
/// <param name="Held">The value the kernel held after the write.</param>
public sealed record AdjustedSetting(SettingKey Key, string Desired, string Held);

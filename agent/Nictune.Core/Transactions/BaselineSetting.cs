using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>A setting's value before nictune first changed it.</summary>
public sealed record BaselineSetting(SettingKey Key, string Value);

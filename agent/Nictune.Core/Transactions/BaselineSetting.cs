using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>A setting's value before nictune first changed it.</summary>
/// <param name="Key">The setting; for an interface, <see cref="SettingKey.Target"/> is the name it had then.</param>
/// <param name="Value">The value before nictune's first change.</param>
/// <param name="Device">The interface's <see cref="Model.DeviceIdentity"/> when it had one: a restore finds the
/// device by it (the name is only a hint, it may have been renamed) and skips the entry when the device is gone.
/// Null for sysctls and for interfaces known only by name.</param>
public sealed record BaselineSetting(SettingKey Key, string Value, string? Device = null);

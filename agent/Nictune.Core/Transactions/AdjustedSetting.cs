using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>
/// A value a driver adjusted: a successful transaction wrote <paramref name="Desired"/> and the kernel held
/// <paramref name="Held"/>. Or, with <paramref name="Refused"/> set, a write the device refused as unsupported
/// (virtio_net's coalescing: EOPNOTSUPP): the setting kept <paramref name="Held"/>, and the same device is not asked again.
/// </summary>
/// <param name="Key">The setting.</param>
/// <param name="Desired">The value written.</param>
/// <param name="Held">The value the kernel held after the write.</param>
/// <param name="Refused">The errno of a refused write; null for an adjustment.</param>
/// <param name="Device">For a refusal: the interface's device identity with its driver, driver version and firmware
/// (<see cref="Model.DeviceIdentity.WithDriver"/>) when it was refused, so that another device under the name, or the
/// same device on another driver or firmware, is asked again; null for a software interface.</param>
public sealed record AdjustedSetting(SettingKey Key, string Desired, string Held, int? Refused = null, string? Device = null);

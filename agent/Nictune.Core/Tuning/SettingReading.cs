namespace Nictune.Core.Tuning;

/// <summary>
/// What the system holds for one setting. <see cref="Maximum"/> is the device's reported maximum where there is
/// one (rings, channels). When <see cref="UnsupportedReason"/> is set, the device or kernel lacks the setting and
/// <see cref="Value"/> is null.
/// </summary>
public sealed record SettingReading(string? Value, long? Maximum = null, string? UnsupportedReason = null)
{
    public static SettingReading Unsupported(string reason) => new(null, null, reason);

    public bool IsSupported => UnsupportedReason is null;
}

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

    /// <summary>
    /// Set when the value can be read but never written here (its file is on a read-only mount): why. Planning
    /// reports such a setting unsupported instead of trying a write that can only fail with EROFS. A store that learns
    /// it only by asking the system answers through <see cref="ISettingStore.WriteRefusal"/> instead, which the
    /// planner asks for the settings it would write (the Linux store: one statvfs per write, not per read).
    /// </summary>
    public string? ReadOnlyReason { get; init; }

    public bool IsReadOnly => ReadOnlyReason is not null;
}

namespace Nictune.Core.Tuning;

/// <summary>
/// The port through which planning and the transaction read and change the system. The Linux adapter implements
/// it with ethtool ioctls, /proc/sys and sysfs; tests implement it with fakes and device simulators.
/// </summary>
public interface ISettingStore
{
    /// <summary>Reads one setting. Never throws for a setting the device lacks: that is an unsupported reading.</summary>
    SettingReading Read(SettingKey key);

    /// <summary>
    /// Writes one setting. Grouped kernel operations (one ethtool SRINGPARAM for all ring sizes) are read-modify-write
    /// inside the adapter, so each call changes exactly one value. Throws <see cref="SettingWriteException"/>.
    /// </summary>
    void Write(SettingKey key, string value);
}

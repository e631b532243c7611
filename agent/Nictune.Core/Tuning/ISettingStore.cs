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

    /// <summary>
    /// Writes settings that the kernel must take in one request: all the <c>feature.*</c> settings of one interface
    /// (one ETHTOOL_SFEATURES), because the kernel resolves the dependencies between features (TSO needs tx
    /// checksumming) only within a request; written one at a time, some changes and their undo can never take.
    /// A setting whose request the kernel records but holds pending is a success when the final state satisfies it.
    /// Throws <see cref="SettingWriteException"/> whose <see cref="SettingWriteException.Keys"/> name every setting
    /// that does not hold its value; the others were written. The default writes one at a time, in order, for stores
    /// with no grouped operation.
    /// </summary>
    void WriteTogether(IReadOnlyList<KeyValuePair<SettingKey, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (key, value) in settings)
        {
            Write(key, value);
        }
    }

    /// <summary>
    /// Why <paramref name="key"/> can be read but never written here (its file is on a read-only mount), or null. The
    /// planner asks only for a setting it would write, so the settings a plan leaves alone cost no check. The default:
    /// never.
    /// </summary>
    string? WriteRefusal(SettingKey key) => null;

    /// <summary>
    /// Opens a pass of reads that look at one moment of the system (a plan; the readback after a transaction's
    /// writes). Within it a store may read a device's grouped kernel state once (one ethtool block: its features,
    /// channels, rings or coalescing) and answer every setting of that block from it, instead of one ioctl per
    /// setting. A write to the device ends the reuse for that device, and a write always reads afresh. Disposing the
    /// result closes the pass; passes nest. The default reads every setting from the system.
    /// </summary>
    IDisposable ReadPass() => Nothing.Instance;

    /// <summary>
    /// Whether the interface exists now. A failed write or read on an interface that no longer exists means it went
    /// away (deleted, unplugged): nothing of it is left to tune or restore, which is neither a failure nor a refusal.
    /// </summary>
    bool InterfaceExists(string nic);

    /// <summary>The pass of a store that keeps nothing between reads.</summary>
    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}

using System.Globalization;
using Nictune.Core.Tuning;

namespace Nictune.Host.Tuning;

#if NICTUNE_FAULT_HOOK
/// <summary>
/// A test hook, compiled only into test builds (the Debug configuration, or <c>-p:NictuneFaultHook=true</c>; never
/// the Release publish we ship), and off unless <see cref="Variable"/> is set: after the Nth write the process pauses for the given time,
/// and says so on stderr, so a functional test can SIGTERM or kill -9 the real binary in the middle of a transaction.
/// The format is <c>N:MILLISECONDS</c>, e.g. <c>2:5000</c>.
/// </summary>
internal sealed class FaultHookSettingStore(ISettingStore inner, int pauseAfterWrite, TimeSpan pause) : ISettingStore
{
    public const string Variable = "NICTUNE_TEST_PAUSE_AFTER_WRITE";

    private int _writes;

    /// <summary>Wraps the store when the hook is set; returns it as is otherwise. A malformed value is ignored.</summary>
    public static ISettingStore WrapIfRequested(ISettingStore store)
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        var parts = value?.Split(':');
        if (parts is not [var count, var milliseconds]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || !int.TryParse(milliseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return store;
        }

        return new FaultHookSettingStore(store, n, TimeSpan.FromMilliseconds(ms));
    }

    public SettingReading Read(SettingKey key) => inner.Read(key);

    public bool InterfaceExists(string nic) => inner.InterfaceExists(nic);

    public IDisposable ReadPass() => inner.ReadPass();

    public string? WriteRefusal(SettingKey key) => inner.WriteRefusal(key);

    public void WriteTogether(IReadOnlyList<KeyValuePair<SettingKey, string>> settings)
    {
        inner.WriteTogether(settings);
        AfterWrite(settings[0].Key);
    }

    public void Write(SettingKey key, string value)
    {
        inner.Write(key, value);
        AfterWrite(key);
    }

    private void AfterWrite(SettingKey key)
    {
        if (Interlocked.Increment(ref _writes) == pauseAfterWrite)
        {
            Console.Error.WriteLine($"nictune: fault hook: paused after write {pauseAfterWrite} ({key})");
            Console.Error.Flush();
            Thread.Sleep(pause);
        }
    }
}
#endif

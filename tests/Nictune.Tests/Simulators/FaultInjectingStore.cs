using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>
/// Wraps a store and injects failures by write index (0-based, counted from the last <see cref="Reset"/>):
/// kernel refusals, a process dying before or after a write, and altered readbacks.
/// </summary>
internal sealed class FaultInjectingStore(ISettingStore inner) : ISettingStore
{
    public int Writes { get; private set; }

    public List<(SettingKey Key, string Value)> WriteLog { get; } = [];

    /// <summary>Returns an exception to throw instead of performing write number <c>index</c>.</summary>
    public Func<int, SettingKey, string, Exception?>? BeforeWrite { get; set; }

    /// <summary>Returns an exception to throw after write number <c>index</c> reached the system.</summary>
    public Func<int, SettingKey, Exception?>? AfterWrite { get; set; }

    /// <summary>True to swallow write number <c>index</c>: the kernel "accepts" it but keeps the old value.</summary>
    public Func<int, SettingKey, bool>? DropWrite { get; set; }

    /// <summary>Replaces the value that reaches the system, as a driver that rounds would.</summary>
    public Func<SettingKey, string, string>? Rewrite { get; set; }

    /// <summary>Replaces what a read returns.</summary>
    public Func<SettingKey, SettingReading, SettingReading>? OnRead { get; set; }

    public void Reset()
    {
        Writes = 0;
        WriteLog.Clear();
        BeforeWrite = null;
        AfterWrite = null;
        DropWrite = null;
        Rewrite = null;
        OnRead = null;
    }

    public SettingReading Read(SettingKey key)
    {
        var reading = inner.Read(key);
        return OnRead is null ? reading : OnRead(key, reading);
    }

    public bool InterfaceExists(string nic) => inner.InterfaceExists(nic);

    public IDisposable ReadPass() => inner.ReadPass();

    public string? WriteRefusal(SettingKey key) => inner.WriteRefusal(key);

    public void Write(SettingKey key, string value)
    {
        var index = Writes++;
        WriteLog.Add((key, value));
        if (BeforeWrite?.Invoke(index, key, value) is { } before)
        {
            throw before;
        }

        if (DropWrite?.Invoke(index, key) != true)
        {
            inner.Write(key, Rewrite?.Invoke(key, value) ?? value);
        }

        if (AfterWrite?.Invoke(index, key) is { } after)
        {
            throw after;
        }
    }

    /// <summary>
    /// A grouped request, as <see cref="ISettingStore.WriteTogether"/> promises it: every setting is tried (each a write
    /// of its own here, with its own index), and one refusal names every setting that does not hold its value.
    /// </summary>
    public void WriteTogether(IReadOnlyList<KeyValuePair<SettingKey, string>> settings)
    {
        var refused = new List<SettingKey>();
        SettingWriteException? first = null;
        foreach (var (key, value) in settings)
        {
            try
            {
                Write(key, value);
            }
            catch (SettingWriteException e)
            {
                first ??= e;
                refused.Add(key);
            }
        }

        if (first is not null)
        {
            throw refused.Count == 1 ? first : new SettingWriteException(refused, first.Errno, first.Message);
        }
    }
}

using Nictune.Core.Tuning;

namespace Nictune.Host.Tuning;

/// <summary>
/// Lets a signal stop a transaction between two writes and have the engine roll it back, without a token threaded
/// through the engine: once <see cref="Interrupt"/> was called, the next write inside an <see cref="Arm"/> scope is
/// refused with ECANCELED (not a permanent refusal, so the engine stops writing there and undoes every change), and
/// every write after it — the undo — goes through. Outside an armed scope (recovery) nothing is refused, so an
/// interrupted recovery still restores everything.
/// </summary>
internal sealed class InterruptibleSettingStore(ISettingStore inner) : ISettingStore
{
    /// <summary>ECANCELED on Linux (asm-generic/errno.h).</summary>
    public const int ECANCELED = 125;

    private volatile bool _requested;
    private volatile bool _armed;
    private int _tripped;

    /// <summary>True once a stop was asked for.</summary>
    public bool Interrupted => _requested;

    /// <summary>Asks the transaction in progress (or the next one armed) to stop at its next write.</summary>
    public void Interrupt() => _requested = true;

    /// <summary>The scope of one transaction's writes, in which an interruption takes effect.</summary>
    public IDisposable Arm()
    {
        _armed = true;
        return new Disarm(this);
    }

    public SettingReading Read(SettingKey key) => inner.Read(key);

    public bool InterfaceExists(string nic) => inner.InterfaceExists(nic);

    public IDisposable ReadPass() => inner.ReadPass();

    public string? WriteRefusal(SettingKey key) => inner.WriteRefusal(key);

    public void Write(SettingKey key, string value)
    {
        Trip([key]);
        inner.Write(key, value);
    }

    public void WriteTogether(IReadOnlyList<KeyValuePair<SettingKey, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Trip([.. settings.Select(s => s.Key)]);
        inner.WriteTogether(settings);
    }

    private void Trip(IReadOnlyList<SettingKey> keys)
    {
        if (_armed && _requested && Interlocked.Exchange(ref _tripped, 1) == 0)
        {
            throw new SettingWriteException(keys, ECANCELED, "interrupted by a signal before this write; every change is rolled back");
        }
    }

    private sealed class Disarm(InterruptibleSettingStore store) : IDisposable
    {
        public void Dispose() => store._armed = false;
    }
}

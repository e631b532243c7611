using System.Text;
using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>An in-memory system: every setting is a text value, optionally with a maximum. No driver behaviour.</summary>
internal sealed class FakeSettingStore : ISettingStore
{
    private readonly Dictionary<SettingKey, string> _values = [];
    private readonly Dictionary<SettingKey, long> _maxima = [];
    private readonly Dictionary<SettingKey, string> _unsupported = [];
    private readonly Dictionary<SettingKey, string> _readOnly = [];

    public FakeSettingStore Set(SettingKey key, string value, long? maximum = null)
    {
        _values[key] = value;
        if (maximum is { } max)
        {
            _maxima[key] = max;
        }

        return this;
    }

    public FakeSettingStore Nic(string nic, string name, string value, long? maximum = null) =>
        Set(SettingKey.Interface(nic, name), value, maximum);

    public FakeSettingStore Unsupported(SettingKey key, string reason)
    {
        _unsupported[key] = reason;
        return this;
    }

    /// <summary>Makes a setting readable but not writable, as a file on a read-only mount is: writes fail with EROFS.</summary>
    public FakeSettingStore ReadOnly(SettingKey key, string reason)
    {
        _readOnly[key] = reason;
        return this;
    }

    public string? this[SettingKey key] => _values.GetValueOrDefault(key);

    /// <summary>Deletes an interface: every setting of it goes, as <c>ip link del</c> would.</summary>
    public FakeSettingStore RemoveInterface(string nic)
    {
        foreach (var key in _values.Keys.Where(k => k.Scope == SettingScope.Interface && k.Target == nic).ToList())
        {
            _values.Remove(key);
            _maxima.Remove(key);
        }

        return this;
    }

    public bool InterfaceExists(string nic) => _values.Keys.Any(k => k.Scope == SettingScope.Interface && k.Target == nic);

    public SettingReading Read(SettingKey key)
    {
        if (_unsupported.TryGetValue(key, out var reason))
        {
            return SettingReading.Unsupported(reason);
        }

        return _values.TryGetValue(key, out var value)
            ? new SettingReading(value, _maxima.TryGetValue(key, out var max) ? max : null)
            : SettingReading.Unsupported("no such setting");
    }

    public string? WriteRefusal(SettingKey key) => _readOnly.GetValueOrDefault(key);

    public void Write(SettingKey key, string value)
    {
        if (_unsupported.ContainsKey(key) || !_values.ContainsKey(key))
        {
            throw new SettingWriteException(key, Errnos.ENOENT, "no such setting");
        }

        if (_readOnly.ContainsKey(key))
        {
            throw new SettingWriteException(key, Errnos.EROFS, "Read-only file system");
        }

        _values[key] = value;
    }

    /// <summary>The whole state as text, for byte-for-byte comparison.</summary>
    public string Snapshot()
    {
        var text = new StringBuilder();
        foreach (var (key, value) in _values.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal))
        {
            text.Append(key.ToString()).Append('=').Append(value).Append('\n');
        }

        return text.ToString();
    }
}

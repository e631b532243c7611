using System.Text;
using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>An ISettingStore over simulated devices and a sysctl table that prints vectors with tabs, as the kernel does.</summary>
internal sealed class SimulatedHost : ISettingStore
{
    private readonly Dictionary<string, SimulatedNic> _nics = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _sysctls = new(StringComparer.Ordinal);

    public SimulatedHost Add(SimulatedNic nic)
    {
        _nics.Add(nic.Name, nic);
        return this;
    }

    public SimulatedHost Sysctl(string key, string value)
    {
        _sysctls[key] = value;
        return this;
    }

    /// <summary>Deletes an interface, as <c>ip link del</c> would.</summary>
    public SimulatedHost Remove(string nic)
    {
        _nics.Remove(nic);
        return this;
    }

    public bool InterfaceExists(string nic) => _nics.ContainsKey(nic);

    public SettingReading Read(SettingKey key)
    {
        if (key.Scope == SettingScope.Sysctl)
        {
            return _sysctls.TryGetValue(key.Name, out var value) ? new SettingReading(value) : SettingReading.Unsupported("absent in this network namespace");
        }

        return _nics.TryGetValue(key.Target, out var nic) ? nic.Read(key.Name) : SettingReading.Unsupported("no such interface");
    }

    public void Write(SettingKey key, string value)
    {
        if (key.Scope == SettingScope.Sysctl)
        {
            if (!_sysctls.ContainsKey(key.Name))
            {
                throw new SettingWriteException(key, Errnos.ENOENT, "absent in this network namespace");
            }

            _sysctls[key.Name] = string.Join('\t', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return;
        }

        if (!_nics.TryGetValue(key.Target, out var nic))
        {
            throw new SettingWriteException(key, Errnos.ENODEV, "no such interface");
        }

        nic.Write(key, value);
    }

    /// <summary>One interface's grouped settings go to its simulator as one request; anything else one at a time.</summary>
    public void WriteTogether(IReadOnlyList<KeyValuePair<SettingKey, string>> settings)
    {
        if (settings.Count > 0 && settings.All(s => s.Key.Scope == SettingScope.Interface && s.Key.Target == settings[0].Key.Target)
            && _nics.TryGetValue(settings[0].Key.Target, out var nic))
        {
            nic.WriteTogether(settings);
            return;
        }

        foreach (var (key, value) in settings)
        {
            Write(key, value);
        }
    }

    public string Snapshot()
    {
        var text = new StringBuilder();
        foreach (var (key, value) in _sysctls)
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        foreach (var nic in _nics.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            text.Append(nic.Snapshot());
        }

        return text.ToString();
    }
}

using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// Wraps the store while a plan is made and remembers every reading that said its setting cannot be written here
/// (<see cref="SettingReading.ReadOnlyReason"/>: a read-only mount); for the rows that would write, it also asks the
/// store (<see cref="ISettingStore.WriteRefusal"/>), which the Linux store answers with a statvfs, one per write
/// rather than one per setting read. A row that would write such a setting is planned
/// <see cref="PlanAction.Unsupported"/> ("read-only"), so no write is tried: under a read-only /sys, a pass that tried
/// them would be refused with EROFS and roll back every other change with it.
/// </summary>
internal sealed class ReadOnlyTracker(ISettingStore inner) : ISettingStore
{
    private readonly Dictionary<SettingKey, string> _readOnly = [];

    public SettingReading Read(SettingKey key)
    {
        var reading = inner.Read(key);
        if (reading.ReadOnlyReason is { } reason)
        {
            _readOnly[key] = reason;
        }

        return reading;
    }

    public void Write(SettingKey key, string value) =>
        throw new InvalidOperationException($"{key}: planning never writes");

    public bool InterfaceExists(string nic) => inner.InterfaceExists(nic);

    public IDisposable ReadPass() => inner.ReadPass();

    public string? WriteRefusal(SettingKey key) => _readOnly.TryGetValue(key, out var reason) ? reason : inner.WriteRefusal(key);

    /// <summary>The rows, with every write of a read-only setting turned into an unsupported row that says why.</summary>
    public IReadOnlyList<PlanRow> Apply(IReadOnlyList<PlanRow> rows)
    {
        List<PlanRow>? result = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.IsWrite && WriteRefusal(row.Key) is { } reason)
            {
                result ??= [.. rows];
                result[i] = row with { Desired = null, Action = PlanAction.Unsupported, Reason = $"unsupported: {reason}; nothing written", ResetsLink = false };
            }
        }

        return result ?? rows;
    }
}

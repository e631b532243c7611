using Nictune.Core.Model;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// Values the driver adjusted: a successful transaction wrote <c>Desired</c> and the kernel held <c>Held</c>
/// (<see cref="SettingStatus.Adjusted"/>; vmxnet3 before rev 7 at MTU 9000 holds 4032 for a ring of 4096). While the
/// setting still holds that value, it is what "satisfied" means for that wish: the planner marks it unchanged, so
/// drift compares against it, and it is not written again (writing it again changes nothing, fails the readback and
/// rolls the whole pass back, at every pass). The same wish on a device that holds something else (a new device
/// under the name, an MTU change the driver re-adjusted for, a change behind nictune's back) is planned and written
/// again, and its new readback is what is remembered; so is a different wish (another profile).
/// It also remembers a write the device refused as unsupported (EOPNOTSUPP from virtio_net's coalescing, found only
/// when writing): the planner reports that setting unsupported on the same device instead of planning a change that
/// can never take. A refusal is kept per device identity, so a new device under the name is asked again, and a
/// later write that took forgets it.
/// </summary>
/// <remarks>
/// The value is a fold over the history, one transaction at a time (<see cref="After"/>), so the engine keeps it as a
/// small document of its own (<see cref="AdjustedSettings"/>) updated with each recorded transaction, and planning
/// does not read the history (docs/state.md).
/// </remarks>
public sealed class DriverAdjustments
{
    public static DriverAdjustments None { get; } = new(new OrderedDictionary<SettingKey, AdjustedSetting>());

    // In the order they were recorded, oldest first: the order the bound forgets in.
    private readonly OrderedDictionary<SettingKey, AdjustedSetting> _held;

    private DriverAdjustments(OrderedDictionary<SettingKey, AdjustedSetting> held)
    {
        _held = held;
    }

    /// <summary>
    /// What the history says each setting was last left at by a successful transaction: adjusted values are kept;
    /// a later transaction that wrote the setting (applied, rolled back, restored) forgets them.
    /// </summary>
    public static DriverAdjustments From(TransactionHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var adjustments = None;
        foreach (var transaction in history.Transactions)
        {
            adjustments = adjustments.After(transaction);
        }

        return adjustments;
    }

    /// <summary>The adjustments a stored document holds (validated by the store; a key listed twice keeps its last entry).</summary>
    public static DriverAdjustments From(AdjustedSettings document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Settings.Count == 0)
        {
            return None;
        }

        var held = new OrderedDictionary<SettingKey, AdjustedSetting>(document.Settings.Count);
        foreach (var setting in document.Settings)
        {
            held.Remove(setting.Key);
            held.Add(setting.Key, setting);
        }

        return new DriverAdjustments(held);
    }

    public int Count => _held.Count;

    /// <summary>The adjustments as a document to store, oldest first.</summary>
    public AdjustedSettings ToDocument() => _held.Count == 0 ? AdjustedSettings.Empty : new AdjustedSettings([.. _held.Values]);

    /// <summary>
    /// The adjustments once <paramref name="transaction"/> is recorded: each setting it left adjusted in a successful
    /// transaction is remembered (as the newest entry), each other setting it wrote, restored or found gone is
    /// forgotten. Returns this instance when nothing changed, so the caller can skip a write.
    /// </summary>
    /// <param name="transaction">The transaction recorded.</param>
    /// <param name="devices">Each interface's device identity with its driver when the transaction ran (<see cref="TuningPlan.Drivers"/>),
    /// for the refusals it met; null when unknown (a refusal is then kept for a software interface of that name only).</param>
    public DriverAdjustments After(TransactionResult transaction, IReadOnlyDictionary<string, string>? devices = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        OrderedDictionary<SettingKey, AdjustedSetting>? held = null;
        foreach (var setting in transaction.Settings)
        {
            if (transaction.Outcome == TransactionOutcome.Succeeded && setting.Status == SettingStatus.Adjusted
                && setting.Desired is { } desired && setting.Actual is { } actual)
            {
                held ??= new OrderedDictionary<SettingKey, AdjustedSetting>(_held);
                held.Remove(setting.Key);
                held.Add(setting.Key, new AdjustedSetting(setting.Key, desired, actual));
            }
            else if (setting is { Status: SettingStatus.Unsupported, Errno: { } errno, Desired: { } refused, Original: { } kept }
                && setting.Key.Scope == SettingScope.Interface)
            {
                held ??= new OrderedDictionary<SettingKey, AdjustedSetting>(_held);
                held.Remove(setting.Key);
                held.Add(setting.Key, new AdjustedSetting(setting.Key, refused, kept, errno,
                    devices is not null && devices.TryGetValue(setting.Key.Target, out var device) ? device : null));
            }
            else if (setting.Status is SettingStatus.Applied or SettingStatus.RolledBack or SettingStatus.Adjusted or SettingStatus.Gone
                && (held ?? _held).ContainsKey(setting.Key))
            {
                held ??= new OrderedDictionary<SettingKey, AdjustedSetting>(_held);
                held.Remove(setting.Key);
            }
        }

        if (held is null)
        {
            return this;
        }

        while (held.Count > AdjustedSettings.MaxEntries)
        {
            held.RemoveAt(0);
        }

        return held.Count == 0 ? None : new DriverAdjustments(held);
    }

    /// <summary>The value the driver held for <paramref name="desired"/>, when the setting holds it now; else null.</summary>
    public string? Satisfies(SettingKey key, string? current, string desired) =>
        _held.TryGetValue(key, out var adjusted)
        && adjusted.Refused is null
        && SettingValues.AreEqual(key, adjusted.Desired, desired)
        && SettingValues.AreEqual(key, adjusted.Held, current)
            ? adjusted.Held
            : null;

    /// <summary>
    /// The write of <paramref name="requested"/> to <paramref name="key"/> that the device refused as unsupported, while
    /// it is the same device with the same driver and firmware (<paramref name="device"/>, <see cref="DeviceIdentity.WithDriver"/>);
    /// else null. A refusal expires when either changes or another value is asked (docs/state.md, "Driver adjustments").
    /// </summary>
    public AdjustedSetting? Refusal(SettingKey key, string? device, string requested) =>
        _held.TryGetValue(key, out var entry) && entry.Refused is not null && string.Equals(entry.Device, device, StringComparison.Ordinal)
        && SettingValues.AreEqual(key, entry.Desired, requested)
            ? entry
            : null;
}

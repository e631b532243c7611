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
/// </summary>
public sealed class DriverAdjustments
{
    public static DriverAdjustments None { get; } = new(new Dictionary<SettingKey, (string, string)>());

    private readonly IReadOnlyDictionary<SettingKey, (string Desired, string Held)> _held;

    private DriverAdjustments(IReadOnlyDictionary<SettingKey, (string Desired, string Held)> held)
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
        var held = new Dictionary<SettingKey, (string, string)>();
        foreach (var transaction in history.Transactions)
        {
            foreach (var setting in transaction.Settings)
            {
                if (transaction.Outcome == TransactionOutcome.Succeeded && setting.Status == SettingStatus.Adjusted
                    && setting.Desired is { } desired && setting.Actual is { } actual)
                {
                    held[setting.Key] = (desired, actual);
                }
                else if (setting.Status is SettingStatus.Applied or SettingStatus.RolledBack or SettingStatus.Adjusted or SettingStatus.Gone)
                {
                    held.Remove(setting.Key);
                }
            }
        }

        return held.Count == 0 ? None : new DriverAdjustments(held);
    }

    public int Count => _held.Count;

    /// <summary>The value the driver held for <paramref name="desired"/>, when the setting holds it now; else null.</summary>
    public string? Satisfies(SettingKey key, string? current, string desired) =>
        _held.TryGetValue(key, out var adjusted)
        && SettingValues.AreEqual(key, adjusted.Desired, desired)
        && SettingValues.AreEqual(key, adjusted.Held, current)
            ? adjusted.Held
            : null;
}

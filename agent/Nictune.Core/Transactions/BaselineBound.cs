using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>
/// Keeps the baseline bounded however many interfaces come and go (docs/state.md, "The files"). An interface's
/// settings die with its netdev: one that reappears (a re-plugged NIC, a veth made again under the same name) starts
/// from the driver's defaults, and its first transaction records those as its baseline anew. So entries of
/// interfaces that are gone are not needed to undo anything on this system, but they are kept for the
/// <see cref="MaxGoneDevices"/> most recently recorded gone devices: a netdev moved into another network namespace
/// keeps its settings, and when it comes back its originals are still there to restore. Beyond that the oldest are
/// forgotten. Sysctl entries are never dropped: there is a fixed set of them.
/// </summary>
internal static class BaselineBound
{
    /// <summary>Gone interfaces whose entries are kept; older ones are forgotten.</summary>
    public const int MaxGoneDevices = 64;

    /// <summary>
    /// The settings without the entries of gone interfaces beyond the newest <see cref="MaxGoneDevices"/>, in their
    /// order. An entry recorded with a device identity is present when an interface is that device (under any name);
    /// one known only by name, when an interface has that name.
    /// </summary>
    public static IReadOnlyList<BaselineSetting> Trim(IReadOnlyList<BaselineSetting> settings, PresentInterfaces present)
    {
        var presentNames = present.Names;
        var presentDevices = present.Devices;

        // Newest last in the file (entries are only appended), so the last index of each gone device ranks it.
        var lastSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < settings.Count; i++)
        {
            if (GoneIdentity(settings[i], presentNames, presentDevices) is { } gone)
            {
                lastSeen[gone] = i;
            }
        }

        if (lastSeen.Count <= MaxGoneDevices)
        {
            return settings;
        }

        var kept = lastSeen.OrderByDescending(p => p.Value).Take(MaxGoneDevices).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return [.. settings.Where(s => GoneIdentity(s, presentNames, presentDevices) is not { } gone || kept.Contains(gone))];
    }

    private static string? GoneIdentity(BaselineSetting setting, IReadOnlySet<string> presentNames, IReadOnlySet<string> presentDevices)
    {
        if (setting.Key.Scope != SettingScope.Interface)
        {
            return null;
        }

        return setting.Device is { } device
            ? presentDevices.Contains(device) ? null : "device:" + device
            : presentNames.Contains(setting.Key.Target) ? null : "name:" + setting.Key.Target;
    }
}

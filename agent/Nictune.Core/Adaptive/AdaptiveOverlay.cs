using Nictune.Core.Tuning;

namespace Nictune.Core.Adaptive;

/// <summary>
/// The applied adaptive values, one per interface and setting, at most <see cref="MaxEntries"/>. Immutable: every
/// change returns a new overlay for the store to write.
/// </summary>
public sealed record AdaptiveOverlay(IReadOnlyList<OverlayEntry> Entries)
{
    /// <summary>More entries than any guest has interfaces; a longer file is refused as corrupt.</summary>
    public const int MaxEntries = 256;

    public static readonly AdaptiveOverlay Empty = new([]);

    /// <summary>The entry for <paramref name="key"/>, if any.</summary>
    public OverlayEntry? For(SettingKey key) =>
        key.Scope == SettingScope.Interface
            ? Entries.FirstOrDefault(e => e.Device == key.Target && e.Setting == key.Name)
            : null;

    /// <summary>This overlay with <paramref name="entry"/> in place of any entry for the same device and setting.</summary>
    /// <exception cref="InvalidOperationException">It would hold more than <see cref="MaxEntries"/>.</exception>
    public AdaptiveOverlay With(OverlayEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var entries = Entries.Where(e => !(e.Device == entry.Device && e.Setting == entry.Setting)).Append(entry).ToList();
        return entries.Count > MaxEntries
            ? throw new InvalidOperationException($"the adaptive overlay holds at most {MaxEntries} entries")
            : new AdaptiveOverlay(entries);
    }

    /// <summary>This overlay without the entries <paramref name="remove"/> selects.</summary>
    public AdaptiveOverlay Without(Func<OverlayEntry, bool> remove) => new([.. Entries.Where(e => !remove(e))]);
}

using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>
/// Puts settings back to their originals: the undo of a failed transaction and crash recovery.
/// </summary>
/// <remarks>
/// The first pass walks the settings in reverse order, writing only those that differ (a needless ring write would
/// reset the link again). A reverse walk undoes a link-resetting ring change after the RPS masks written behind it,
/// and the reset then clobbers those masks; so every setting is read back, and the ones that still differ get a
/// second pass in forward order (resets first, steering after), then a final verification. A device's features, its
/// ring sizes and its channel counts are each restored in one request (<see cref="ISettingStore.WriteTogether"/>,
/// <see cref="SettingNames.IsWrittenTogether"/>), as they were applied: restoring TSO before tx checksumming, one at a
/// time, leaves TSO pending forever, and one ring field at a time resets a vmxnet3 device once per field. A setting of an interface that no longer exists is
/// <see cref="RestoredSetting.Gone"/>, not a failure: nothing of it is left changed.
/// Only <see cref="SettingWriteException"/> is handled: anything else means the process is dying, and the journal
/// is left for recovery.
/// </remarks>
internal static class Restorer
{
    public static IReadOnlyDictionary<SettingKey, RestoredSetting> Restore(ISettingStore store, IReadOnlyList<(SettingKey Key, string? Original)> targets)
    {
        var errors = new Dictionary<SettingKey, SettingWriteException>();
        var written = new HashSet<SettingKey>();

        void RestoreGroup(IReadOnlyList<(SettingKey Key, string Original)> group)
        {
            var differing = group.Where(t => !SettingValues.AreEqual(t.Key, store.Read(t.Key).Value, t.Original)).ToList();
            if (differing.Count == 0)
            {
                return;
            }

            try
            {
                written.UnionWith(differing.Select(t => t.Key));
                if (differing.Count == 1)
                {
                    store.Write(differing[0].Key, differing[0].Original);
                }
                else
                {
                    store.WriteTogether([.. differing.Select(t => KeyValuePair.Create(t.Key, t.Original))]);
                }

                foreach (var (key, _) in differing)
                {
                    errors.Remove(key);
                }
            }
            catch (SettingWriteException e)
            {
                foreach (var key in e.Keys)
                {
                    errors[key] = e;
                }
            }
        }

        void Walk(IEnumerable<int> order, Func<SettingKey, bool> wanted)
        {
            var seen = new HashSet<SettingKey>();
            foreach (var i in order)
            {
                var (key, original) = targets[i];
                if (original is null || !wanted(key) || !seen.Add(key))
                {
                    continue;
                }

                if (GroupOf(key) is not { } kind)
                {
                    RestoreGroup([(key, original)]);
                    continue;
                }

                // The first feature (ring, channel count) of a device met in this walk brings all of that device's along.
                var group = targets
                    .Where(t => t.Original is not null && GroupOf(t.Key) == kind && t.Key.Target == key.Target && wanted(t.Key))
                    .Select(t => (t.Key, t.Original!))
                    .ToList();
                seen.UnionWith(group.Select(t => t.Key));
                RestoreGroup(group);
            }
        }

        Walk(Enumerable.Range(0, targets.Count).Reverse(), _ => true);
        var report = Verify(store, targets, written, errors);
        if (report.Values.Any(r => !r.Restored))
        {
            Walk(Enumerable.Range(0, targets.Count), key => !report[key].Restored);
            report = Verify(store, targets, written, errors);
        }

        return report;
    }

    /// <summary>The kind of a setting restored with the others of its device and kind, or null for one restored alone.</summary>
    private static SettingKind? GroupOf(SettingKey key) =>
        key.Scope == SettingScope.Interface && SettingNames.KindOf(key.Name) is var kind && SettingNames.IsWrittenTogether(kind) ? kind : null;

    private static Dictionary<SettingKey, RestoredSetting> Verify(
        ISettingStore store,
        IReadOnlyList<(SettingKey Key, string? Original)> targets,
        HashSet<SettingKey> written,
        Dictionary<SettingKey, SettingWriteException> errors)
    {
        var report = new Dictionary<SettingKey, RestoredSetting>();
        var exists = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (key, original) in targets)
        {
            var reading = store.Read(key);
            errors.TryGetValue(key, out var error);
            if (!reading.IsSupported && key.Scope == SettingScope.Interface)
            {
                if (!exists.TryGetValue(key.Target, out var present))
                {
                    present = exists[key.Target] = store.InterfaceExists(key.Target);
                }

                if (!present)
                {
                    report[key] = new RestoredSetting(true, written.Contains(key), null, null, null, Gone: true);
                    continue;
                }
            }

            // A setting that did not exist before (a queue a channel change created) is restored once it is gone again.
            var restored = original is null
                ? !reading.IsSupported
                : SettingValues.AreEqual(key, reading.Value, original);
            report[key] = new RestoredSetting(restored, written.Contains(key), reading.Value, error?.Errno, error?.Message);
        }

        return report;
    }
}

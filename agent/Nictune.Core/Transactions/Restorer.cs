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
/// second pass in forward order (resets first, steering after), then a final verification.
/// Only <see cref="SettingWriteException"/> is handled: anything else means the process is dying, and the journal
/// is left for recovery.
/// </remarks>
internal static class Restorer
{
    public static IReadOnlyDictionary<SettingKey, RestoredSetting> Restore(ISettingStore store, IReadOnlyList<(SettingKey Key, string? Original)> targets)
    {
        var errors = new Dictionary<SettingKey, SettingWriteException>();
        var written = new HashSet<SettingKey>();

        void RestoreOne(SettingKey key, string original)
        {
            if (SettingValues.AreEqual(key, store.Read(key).Value, original))
            {
                return;
            }

            try
            {
                written.Add(key);
                store.Write(key, original);
                errors.Remove(key);
            }
            catch (SettingWriteException e)
            {
                errors[key] = e;
            }
        }

        for (var i = targets.Count - 1; i >= 0; i--)
        {
            if (targets[i].Original is { } original)
            {
                RestoreOne(targets[i].Key, original);
            }
        }

        var report = Verify(store, targets, written, errors);
        if (report.Values.Any(r => !r.Restored))
        {
            foreach (var (key, original) in targets)
            {
                if (original is not null && !report[key].Restored)
                {
                    RestoreOne(key, original);
                }
            }

            report = Verify(store, targets, written, errors);
        }

        return report;
    }

    private static Dictionary<SettingKey, RestoredSetting> Verify(
        ISettingStore store,
        IReadOnlyList<(SettingKey Key, string? Original)> targets,
        HashSet<SettingKey> written,
        Dictionary<SettingKey, SettingWriteException> errors)
    {
        var report = new Dictionary<SettingKey, RestoredSetting>();
        foreach (var (key, original) in targets)
        {
            var reading = store.Read(key);

            // A setting that did not exist before (a queue a channel change created) is restored once it is gone again.
            var restored = original is null
                ? !reading.IsSupported
                : SettingValues.AreEqual(key, reading.Value, original);
            errors.TryGetValue(key, out var error);
            report[key] = new RestoredSetting(restored, written.Contains(key), reading.Value, error?.Errno, error?.Message);
        }

        return report;
    }
}

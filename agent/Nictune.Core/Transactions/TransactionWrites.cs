using Nictune.Core.Tuning;
using Nictune.Core.Planning;

namespace Nictune.Core.Transactions;

/// <summary>
/// A transaction's write phase: the journaled writes in plan order, grouped where the kernel takes them together,
/// each refusal recorded in the row's outcome. It stops at the first failure that is not a permanent refusal; it
/// reads nothing back and undoes nothing (<see cref="TransactionEngine"/> does, from what this returns).
/// </summary>
internal static class TransactionWrites
{
    /// <summary>
    /// Writes <paramref name="writes"/> (indexes into <paramref name="rows"/>, in order), updating
    /// <paramref name="outcomes"/>. Returns the rows that may have changed (written, or part of a refused grouped
    /// write) and whether a write failed.
    /// </summary>
    public static (List<int> Changed, bool Failed) Run(ISettingStore settings, TransactionKind kind, IReadOnlyList<PlanRow> rows,
        IReadOnlyList<int> writes, SettingOutcome[] outcomes)
    {
        var changed = new List<int>();
        var done = new HashSet<int>();
        var channelsRefused = new HashSet<string>(StringComparer.Ordinal);
        var gone = new HashSet<string>(StringComparer.Ordinal);
        var failed = false;
        for (var w = 0; w < writes.Count; w++)
        {
            var i = writes[w];
            var row = rows[i];
            if (!done.Add(i))
            {
                continue;
            }

            if (row.Key.Scope == SettingScope.Interface && gone.Contains(row.Key.Target))
            {
                outcomes[i] = SettingOutcomes.Gone(outcomes[i]);
                continue;
            }

            // A row with no current value is a queue that only the device's channel change creates (plan order puts
            // channels first): with that change refused the queue never appears, so writing it could only fail.
            if (row.Current is null && row.Key.Scope == SettingScope.Interface && channelsRefused.Contains(row.Key.Target))
            {
                outcomes[i] = outcomes[i] with { Status = SettingStatus.Unsupported, Message = "not written: the channel change it depends on was refused" };
                continue;
            }

            var batch = Batch(rows, writes, w);
            done.UnionWith(batch);
            try
            {
                if (batch.Count == 1)
                {
                    settings.Write(row.Key, row.Desired!);
                }
                else
                {
                    settings.WriteTogether([.. batch.Select(j => KeyValuePair.Create(rows[j].Key, rows[j].Desired!))]);
                }

                changed.AddRange(batch);
            }
            catch (SettingWriteException e)
            {
                if (row.Key.Scope == SettingScope.Interface && !settings.InterfaceExists(row.Key.Target))
                {
                    gone.Add(row.Key.Target);
                    foreach (var j in batch)
                    {
                        outcomes[j] = SettingOutcomes.Gone(outcomes[j]);
                    }

                    continue;
                }

                failed |= Refused(kind, rows, batch, e, outcomes, changed);
                if (row.Key.Scope == SettingScope.Interface && SettingNames.KindOf(row.Key.Name) == SettingKind.Channels)
                {
                    channelsRefused.Add(row.Key.Target);
                }

                // A permanent refusal changed nothing and will come again: go on, so that one pass meets every such
                // refusal (the daemon sets them all aside at once) instead of one transaction per refusal. Anything
                // else (EBUSY past its retries, EIO, ENOMEM) stops the writes here.
                if (failed && !e.IsPermanent)
                {
                    break;
                }
            }
        }

        return (changed, failed);
    }

    /// <summary>
    /// The rows written with the one at <paramref name="w"/>. All of a device's features go in one request, so the
    /// kernel sees dependent changes together; so do its channel counts and its ring sizes, so that a device that
    /// quiesces or resets on such a change does so once.
    /// </summary>
    private static List<int> Batch(IReadOnlyList<PlanRow> rows, IReadOnlyList<int> writes, int w)
    {
        var row = rows[writes[w]];
        var settingKind = SettingNames.KindOf(row.Key.Name);
        return SettingNames.IsWrittenTogether(settingKind) && row.Key.Scope == SettingScope.Interface
            ? writes.Skip(w).Where(j => rows[j].Key.Scope == SettingScope.Interface && rows[j].Key.Target == row.Key.Target && SettingNames.KindOf(rows[j].Key.Name) == settingKind).ToList()
            : [writes[w]];
    }

    /// <summary>Records a refused write of <paramref name="batch"/>; true when it fails the transaction.</summary>
    private static bool Refused(TransactionKind kind, IReadOnlyList<PlanRow> rows, List<int> batch, SettingWriteException e,
        SettingOutcome[] outcomes, List<int> changed)
    {
        var failed = false;
        var refused = e.Keys.ToHashSet();
        foreach (var j in batch)
        {
            var key = rows[j].Key;
            if (!refused.Contains(key))
            {
                changed.Add(j);
            }
            else if (kind == TransactionKind.RollbackBaseline && e.IsPermanent)
            {
                // One stale entry (a device that can no longer hold its old value) must not keep the rest of
                // the baseline from being restored: it is skipped and reported.
                outcomes[j] = outcomes[j] with { Status = SettingStatus.Skipped, Errno = e.Errno, Message = $"skipped: {e.Message}" };
            }
            else if (IsUnsupportedRefusal(key, e))
            {
                outcomes[j] = outcomes[j] with { Status = SettingStatus.Unsupported, Errno = e.Errno, Message = $"the device refused it as unsupported: {e.Message}" };
            }
            else
            {
                outcomes[j] = outcomes[j] with { Status = SettingStatus.Failed, Errno = e.Errno, Message = e.Message };

                // A refused write may still have changed part of a grouped operation: the undo checks it too.
                changed.Add(j);
                failed = true;
            }
        }

        return failed;
    }

    /// <summary>
    /// EOPNOTSUPP means the device lacks the operation and nothing changed: for features, coalesce parameters and
    /// channels (drivers with a get-only op) that is an unsupported setting, not a failed transaction. Managed IRQs
    /// refuse affinity writes with EIO (docs/drivers.md §8): the kernel, not us, owns them.
    /// </summary>
    private static bool IsUnsupportedRefusal(SettingKey key, SettingWriteException e)
    {
        var kind = SettingNames.KindOf(key.Name);
        if (e.IsUnsupported)
        {
            return kind is SettingKind.Feature or SettingKind.Coalesce or SettingKind.Channels;
        }

        return e.Errno == Errnos.EIO && kind == SettingKind.IrqAffinity;
    }
}

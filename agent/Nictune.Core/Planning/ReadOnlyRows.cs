using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// Turns every row that would write a setting the store refuses to write here (<see cref="ISettingStore.WriteRefusal"/>:
/// a read-only mount) into a <see cref="PlanAction.Unsupported"/> row that says why, so no write is tried: under a
/// read-only /sys, a pass that tried them would be refused with EROFS and roll back every other change with it. Only
/// the rows that would write are asked about (the Linux store pays a statvfs per question).
/// </summary>
internal static class ReadOnlyRows
{
    public static IReadOnlyList<PlanRow> Apply(IReadOnlyList<PlanRow> rows, ISettingStore store)
    {
        List<PlanRow>? result = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.IsWrite && store.WriteRefusal(row.Key) is { } reason)
            {
                result ??= [.. rows];
                result[i] = row with { Desired = null, Action = PlanAction.Unsupported, Reason = $"unsupported: {reason}; nothing written", ResetsLink = false };
            }
        }

        return result ?? rows;
    }
}

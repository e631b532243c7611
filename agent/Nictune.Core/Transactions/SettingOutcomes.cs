using Nictune.Core.Planning;

namespace Nictune.Core.Transactions;

/// <summary>The outcomes and messages a transaction's phases share.</summary>
internal static class SettingOutcomes
{
    /// <summary>Before anything is written: unsupported, unchanged, or not attempted yet.</summary>
    public static SettingOutcome Initial(PlanRow row) => row switch
    {
        { Action: PlanAction.Unsupported } => new SettingOutcome(row.Key, SettingStatus.Unsupported, row.Current, row.Desired, null, null, row.Reason),
        { IsWrite: false } => new SettingOutcome(row.Key, SettingStatus.Unchanged, row.Current, row.Desired, row.Current, null, row.Reason),
        _ => new SettingOutcome(row.Key, SettingStatus.NotAttempted, row.Current, row.Desired, null, null, row.Reason),
    };

    public static SettingOutcome Gone(SettingOutcome outcome) =>
        outcome with { Status = SettingStatus.Gone, Actual = null, Errno = null, Message = $"{outcome.Key.Target} is gone: nothing left to change or restore", NotRestored = false };

    public static string LeftList(IEnumerable<SettingOutcome> left) =>
        string.Join(", ", left.Select(o => $"{o.Key} = {o.Actual ?? "unreadable"} (original {o.Original})"));

    public static string LeftMessage(string? original, RestoredSetting r)
    {
        var why = r.Error is null ? "the restore did not hold" : $"restore failed: {r.Error}";
        return $"rollback failed: left at {r.Actual ?? "unreadable"} instead of {original ?? "absent"} ({why})";
    }
}

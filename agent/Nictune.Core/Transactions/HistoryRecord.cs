namespace Nictune.Core.Transactions;

/// <summary>What the history keeps of a transaction.</summary>
public static class HistoryRecord
{
    /// <summary>
    /// The result with only the rows where something happened: a setting written, adjusted, failed, rolled back,
    /// left changed, or refused by the device at write time (the planner remembers those). Rows that were unchanged, unsupported or never attempted say nothing about what to undo, and a
    /// profile over many interfaces has hundreds of them, so they are left out of the record (the verb's own output
    /// still shows every row).
    /// </summary>
    public static TransactionResult Compact(TransactionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var kept = result.Settings.Where(s => s.Status is not (SettingStatus.Unchanged or SettingStatus.Unsupported or SettingStatus.NotAttempted) || s.NotRestored
            || (s.Status == SettingStatus.Unsupported && s.Errno is not null)).ToList();
        return kept.Count == result.Settings.Count ? result : result with { Settings = kept };
    }
}

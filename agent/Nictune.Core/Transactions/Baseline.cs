namespace Nictune.Core.Transactions;

/// <summary>
/// The state before nictune changed anything. Keys are only ever added (by the first transaction that leaves them
/// changed: <see cref="TransactionRecorder"/>) and never overwritten, so later applies cannot move the baseline.
/// </summary>
public sealed record Baseline(DateTimeOffset? RecordedAt, IReadOnlyList<BaselineSetting> Settings)
{
    public static Baseline Empty { get; } = new(null, []);
}

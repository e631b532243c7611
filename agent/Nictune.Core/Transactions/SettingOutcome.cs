using Nictune.Core.Tuning;

namespace Nictune.Core.Transactions;

/// <summary>The structured outcome of one setting in a transaction.</summary>
/// <param name="Key">The setting.</param>
/// <param name="Status">What happened.</param>
/// <param name="Original">The value before the transaction (null when the setting did not exist).</param>
/// <param name="Desired">The value the transaction wanted.</param>
/// <param name="Actual">The value read back at the end; null when not read.</param>
/// <param name="Errno">The errno of the failing write, when there was one.</param>
/// <param name="Message">A human explanation, e.g. "adjusted by the driver: wrote 3000, the kernel holds 2048".</param>
/// <param name="NotRestored">A failed rollback left this setting changed: it holds <paramref name="Actual"/>, not <paramref name="Original"/>.</param>
public sealed record SettingOutcome(
    SettingKey Key,
    SettingStatus Status,
    string? Original,
    string? Desired,
    string? Actual,
    int? Errno,
    string Message,
    bool NotRestored = false);

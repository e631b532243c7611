using Nictune.Core.Tuning;

namespace Nictune.Linux.Tuning;

/// <summary>
/// How <see cref="RetryingSettingStore"/> retries EBUSY/EAGAIN. The defaults make 5 tries with exponential backoff
/// (100, 200, 400, 800 ms: 1.5 s of waiting at most), enough to outlast a driver's reset or config-lock timeout
/// without stalling a transaction on a device that stays busy.
/// </summary>
public sealed record TransientRetryOptions
{
    /// <summary>Tries in all, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first wait; each later one doubles. Zero in tests.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>No single wait is longer than this.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called before each retry with the failure, the retry's number (1 for the first) and the wait; for logging.</summary>
    public Action<SettingWriteException, int, TimeSpan>? OnRetry { get; init; }
}

using Nictune.Core.Tuning;

namespace Nictune.Linux.Tuning;

/// <summary>
/// Decorates a store so that writes refused with a transient errno (EBUSY, EAGAIN: ice/i40e during AF_XDP or a config
/// lock timeout, a driver mid-reset) are retried with bounded backoff. Everything else, EINVAL, EOPNOTSUPP, ENOENT,
/// EPERM included, fails at once: retrying cannot change the kernel's answer. Reads pass straight through.
/// </summary>
/// <remarks>
/// A loop, not a Polly pipeline: in the NativeAOT binary the pipeline's generic strategies over each call's state are
/// instantiated by the runtime's type loader at the first build and the first execution of each shape (what that cost
/// is in bench/README.md, "The engine path"), for what is a bounded retry with fixed doubling waits. The schedule is Polly's exponential one without jitter, as before.
/// </remarks>
public sealed class RetryingSettingStore : ISettingStore
{
    private readonly ISettingStore _inner;
    private readonly TransientRetryOptions _options;

    public RetryingSettingStore(ISettingStore inner, TransientRetryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _options = options ?? new TransientRetryOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxAttempts, 1, nameof(options));
        _inner = inner;
    }

    public SettingReading Read(SettingKey key) => _inner.Read(key);

    public void Write(SettingKey key, string value) => Retry(() => _inner.Write(key, value));

    public void WriteTogether(IReadOnlyList<KeyValuePair<SettingKey, string>> settings) => Retry(() => _inner.WriteTogether(settings));

    public bool InterfaceExists(string nic) => _inner.InterfaceExists(nic);

    public IDisposable ReadPass() => _inner.ReadPass();

    public string? WriteRefusal(SettingKey key) => _inner.WriteRefusal(key);

    /// <summary>The wait before retry <paramref name="retry"/> (1 for the first): the base delay, doubled for each retry before it, at most the maximum.</summary>
    public static TimeSpan Delay(TransientRetryOptions options, int retry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var ticks = options.BaseDelay.Ticks * Math.Pow(2, retry - 1);
        return ticks >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private void Retry(Action write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                write();
                return;
            }
            catch (SettingWriteException e) when (e.IsTransient && attempt < _options.MaxAttempts)
            {
                Wait(e, attempt);
            }
        }
    }

    private void Wait(SettingWriteException failure, int retry)
    {
        // One agent retrying one device: no herd to spread out, and fixed waits keep the bound exact.
        var delay = Delay(_options, retry);
        _options.OnRetry?.Invoke(failure, retry, delay);
        if (delay > TimeSpan.Zero)
        {
            Task.Delay(delay, _options.TimeProvider).GetAwaiter().GetResult();
        }
    }
}

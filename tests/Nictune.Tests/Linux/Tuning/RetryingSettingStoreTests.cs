using Nictune.Core.Tuning;
using Nictune.Linux.Tuning;
using Xunit;

namespace Nictune.Tests.Linux.Tuning;

public sealed class RetryingSettingStoreTests
{
    private static readonly SettingKey Key = SettingKey.Interface("eth0", "ring.rx");
    private static readonly TransientRetryOptions NoWait = new() { BaseDelay = TimeSpan.Zero };

    [Theory]
    [InlineData(Errnos.EBUSY)]
    [InlineData(Errnos.EAGAIN)]
    public void A_transient_errno_is_retried_until_the_write_succeeds(int errno)
    {
        var inner = new ScriptedStore(errno, errno);
        new RetryingSettingStore(inner, NoWait).Write(Key, "4096");
        Assert.Equal(3, inner.Attempts);
        Assert.Equal("4096", inner.Written);
    }

    [Theory]
    [InlineData(Errnos.EINVAL)]
    [InlineData(Errnos.EOPNOTSUPP)]
    [InlineData(Errnos.ENOENT)]
    [InlineData(Errnos.EPERM)]
    [InlineData(Errnos.EIO)]
    [InlineData(0)]
    public void A_permanent_errno_fails_at_once(int errno)
    {
        var inner = new ScriptedStore(errno);
        var e = Assert.Throws<SettingWriteException>(() => new RetryingSettingStore(inner, NoWait).Write(Key, "4096"));
        Assert.Equal(errno, e.Errno);
        Assert.Equal(1, inner.Attempts);
    }

    [Fact]
    public void Retries_stop_after_the_bound_and_surface_the_last_failure()
    {
        var inner = new ScriptedStore(Enumerable.Repeat(Errnos.EBUSY, 10).ToArray());
        var e = Assert.Throws<SettingWriteException>(() => new RetryingSettingStore(inner, NoWait).Write(Key, "4096"));
        Assert.Equal(Errnos.EBUSY, e.Errno);
        Assert.Equal(5, inner.Attempts);
    }

    [Fact]
    public void Other_exceptions_are_not_retried()
    {
        var inner = new ScriptedStore { Throw = new ArgumentException("bad key") };
        Assert.Throws<ArgumentException>(() => new RetryingSettingStore(inner, NoWait).Write(Key, "1"));
        Assert.Equal(1, inner.Attempts);
    }

    [Fact]
    public void The_default_backoff_doubles_and_waits_at_most_1_5_seconds_in_all()
    {
        var delays = new List<TimeSpan>();
        var retries = new List<int>();
        var clock = new ImmediateTimeProvider();
        var options = new TransientRetryOptions
        {
            TimeProvider = clock,
            OnRetry = (e, retry, delay) =>
            {
                Assert.Equal(Errnos.EBUSY, e.Errno);
                retries.Add(retry);
                delays.Add(delay);
            },
        };
        var inner = new ScriptedStore(Enumerable.Repeat(Errnos.EBUSY, 10).ToArray());

        Assert.Throws<SettingWriteException>(() => new RetryingSettingStore(inner, options).Write(Key, "1"));

        Assert.Equal([1, 2, 3, 4], retries);
        Assert.Equal([100, 200, 400, 800], delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(delays, clock.Waits);
    }

    [Fact]
    public void Reads_pass_through()
    {
        var inner = new ScriptedStore();
        Assert.Equal(new SettingReading("42"), new RetryingSettingStore(inner, NoWait).Read(Key));
    }

    /// <summary>Fails with the given errnos in turn, then succeeds.</summary>
    private sealed class ScriptedStore(params int[] errnos) : ISettingStore
    {
        public int Attempts { get; private set; }

        public string? Written { get; private set; }

        public Exception? Throw { get; init; }

        public SettingReading Read(SettingKey key) => new("42");

        public bool InterfaceExists(string nic) => true;

        public void Write(SettingKey key, string value)
        {
            Attempts++;
            if (Throw is not null)
            {
                throw Throw;
            }

            if (Attempts <= errnos.Length)
            {
                throw new SettingWriteException(key, errnos[Attempts - 1], "scripted");
            }

            Written = value;
        }
    }

    /// <summary>Records every wait the pipeline asks for and lets it pass at once.</summary>
    private sealed class ImmediateTimeProvider : TimeProvider
    {
        public List<TimeSpan> Waits { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (Waits)
            {
                Waits.Add(dueTime);
            }

            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => default;
        }
    }
}

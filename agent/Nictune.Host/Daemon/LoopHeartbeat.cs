using System.Diagnostics;

namespace Nictune.Host.Daemon;

/// <summary>
/// Whether the work loop is alive, for the watchdog: it is while it waits for work, or while a pass has run for less
/// than <see cref="MaxPass"/>. A pass stuck longer (an ioctl that never returns) stops the keep-alives, so systemd's
/// WatchdogSec fires and restarts the agent.
/// </summary>
public sealed class LoopHeartbeat
{
    /// <summary>Longer than any honest pass (retries with backoff included), shorter than a hang should last.</summary>
    public static readonly TimeSpan DefaultMaxPass = TimeSpan.FromSeconds(60);

    private long _passStarted;

    public LoopHeartbeat(TimeSpan? maxPass = null) => MaxPass = maxPass ?? DefaultMaxPass;

    public TimeSpan MaxPass { get; }

    /// <summary>A pass begins; pair with <see cref="Idle"/> in a finally.</summary>
    public void Busy() => Volatile.Write(ref _passStarted, Stopwatch.GetTimestamp());

    public void Idle() => Volatile.Write(ref _passStarted, 0);

    /// <summary>True while idle, or busy for less than <see cref="MaxPass"/>.</summary>
    public bool IsAlive()
    {
        var started = Volatile.Read(ref _passStarted);
        return started == 0 || Stopwatch.GetElapsedTime(started) < MaxPass;
    }
}

using Nictune.Host.Daemon.Configuration;
using Nictune.Linux.State;

namespace Nictune.Host.Tuning;

/// <summary>
/// The daemon's hold on its state directory's one-writer lock: held while the agent enforces, for as long as it runs,
/// moved when a reload names another state directory, and let go in observe mode, which never writes anything (not
/// even the lock file).
/// </summary>
internal sealed class WriterLease : IDisposable
{
    private readonly TimeSpan _wait;
    private StateDirectoryLock? _held;

    public WriterLease(TimeSpan? wait = null) => _wait = wait ?? StateDirectoryLock.DefaultWait;

    /// <summary>The directory whose lock is held, or null.</summary>
    public string? Directory => _held?.Directory;

    /// <summary>
    /// Holds the lock that <paramref name="settings"/> need. A new lock is taken before the old one is let go, so a
    /// failure (<see cref="StateDirectoryBusyException"/>) leaves the lease as it was.
    /// </summary>
    public void Hold(AgentSettings settings)
    {
        if (settings.Mode == AgentMode.Observe)
        {
            Release();
            return;
        }

        var directory = Path.GetFullPath(settings.StateDirectory);
        if (_held?.Directory == directory)
        {
            return;
        }

        var next = StateDirectoryLock.Acquire(directory, "nictune run", _wait);
        Release();
        _held = next;
    }

    public void Dispose() => Release();

    private void Release()
    {
        _held?.Dispose();
        _held = null;
    }
}

using System.Globalization;
using Nictune.Linux.State;
using Xunit;

namespace Nictune.Tests.State;

/// <summary>
/// The lock itself. OFD locks conflict between open file descriptions even inside one process, so one test process
/// can play both writers; the functional tests (StateLockTests) do it with two real processes.
/// </summary>
public sealed class StateDirectoryLockTests : IDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nictune-lock-");

    private string StateDir => Path.Join(_dir.FullName, "state");

    [Fact]
    public void A_second_writer_waits_then_fails_naming_the_holders_pid_and_what_it_is()
    {
        using var held = StateDirectoryLock.Acquire(StateDir, "nictune run", Short);

        var busy = Assert.Throws<StateDirectoryBusyException>(() => StateDirectoryLock.Acquire(StateDir, "nictune apply", Short));

        Assert.Equal(Environment.ProcessId, busy.Holder.Pid);
        Assert.Equal("nictune run", busy.Holder.What);
        Assert.Contains($"in use by nictune run (pid {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)})", busy.Message, StringComparison.Ordinal);
        Assert.Contains("stop the agent", busy.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Released_it_can_be_taken_again_and_the_probe_sees_who_holds_it()
    {
        var first = StateDirectoryLock.Acquire(StateDir, "nictune apply", Short);
        Assert.Equal(new LockHolder(Environment.ProcessId, "nictune apply"), StateDirectoryLock.Probe(StateDir));

        first.Dispose();

        Assert.Null(StateDirectoryLock.Probe(StateDir));
        using var second = StateDirectoryLock.Acquire(StateDir, "nictune rollback", Short);
        Assert.Equal("nictune rollback", StateDirectoryLock.Probe(StateDir)?.What);
    }

    [Fact]
    public void A_shorter_holder_line_replaces_a_longer_one_whole()
    {
        StateDirectoryLock.Acquire(StateDir, "nictune state check --move-aside", Short).Dispose();

        using var held = StateDirectoryLock.Acquire(StateDir, "nictune apply", Short);

        Assert.Equal($"{Environment.ProcessId} nictune apply\n", File.ReadAllText(Path.Join(StateDir, StateDirectoryLock.FileName)));
    }

    [Fact]
    public void The_probe_creates_nothing()
    {
        Assert.Null(StateDirectoryLock.Probe(StateDir));

        Assert.False(Directory.Exists(StateDir));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_lock_file_is_private_to_its_owner()
    {
        using var held = StateDirectoryLock.Acquire(StateDir, "nictune run", Short);

        var mode = File.GetUnixFileMode(Path.Join(StateDir, StateDirectoryLock.FileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}

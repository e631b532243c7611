using Nictune.Linux.State;
using Nictune.Testing;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.Host;

/// <summary>
/// Issue 9 §1 with the real binary: a journal, baseline or history naming <c>kernel.hostname</c> cannot make root
/// write it. Each run is inside a private UTS namespace (<c>unshare --uts</c>), so the hostname the test sets and
/// reads is the namespace's own and the host's is never at stake; and a private network namespace, so nothing the
/// binary might do reaches the host's interfaces or net.* sysctls.
/// </summary>
public sealed class PlantedStateTests
{
    private const string HostnameEntry = """{"key":{"scope":"Sysctl","target":"","name":"kernel.hostname"},"original":"pwned","desired":"x"}""";

    public static TheoryData<string, string, string[]> Plants => new()
    {
        { FileStateStore.JournalFile, $$"""{"transactionId":"t","kind":"Apply","description":"x","startedAt":"2026-01-01T00:00:00Z","entries":[{{HostnameEntry}}]}""", ["recover"] },
        { FileStateStore.BaselineFile, """{"recordedAt":"2026-01-01T00:00:00Z","settings":[{"key":{"scope":"Sysctl","target":"","name":"kernel.hostname"},"value":"pwned"}]}""", ["rollback", "--to", "baseline"] },
        {
            FileStateStore.HistoryFile,
            """{"id":"a","kind":"Apply","description":"d","outcome":"Succeeded","settings":[{"key":{"scope":"Sysctl","target":"","name":"kernel.hostname"},"status":"Applied","original":"pwned","desired":"x","actual":"x","message":"m"}],"message":"m","startedAt":"2026-01-01T00:00:00Z","finishedAt":"2026-01-01T00:00:00Z"}""" + "\n",
            ["rollback", "--to", "previous"]
        },
    };

    [Theory]
    [MemberData(nameof(Plants))]
    public void A_planted_state_file_never_writes_a_sysctl_outside_the_policy(string file, string content, string[] verb)
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("unshare");
        using var dir = new TempStateDirectory();
        File.WriteAllText(Path.Join(dir.Path, file), content);

        var (exit, stderr, hostname) = RunIsolated(verb, dir.Path);

        Assert.Equal("orig-nictune-test", hostname);
        Assert.True(exit == 2, stderr);
        Assert.Contains($"{Path.Join(dir.Path, file)}: the state file is corrupt", stderr, StringComparison.Ordinal);
        Assert.Contains("only net.* keys and vm.min_free_kbytes may be set", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_journal_planted_by_nobody_in_a_world_writable_directory_is_refused_with_the_fix()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("unshare");
        using var dir = new TempStateDirectory();
        Tools.Check("chmod", "0777", dir.Path);
        var journal = Path.Join(dir.Path, FileStateStore.JournalFile);
        File.WriteAllText(journal, $$"""{"transactionId":"t","kind":"Apply","description":"x","startedAt":"2026-01-01T00:00:00Z","entries":[{{HostnameEntry.Replace("kernel.hostname", "net.core.somaxconn", StringComparison.Ordinal)}}]}""");
        Tools.Check("chown", "65534", journal);

        var (exit, stderr, hostname) = RunIsolated(["recover"], dir.Path);

        Assert.Equal("orig-nictune-test", hostname);
        Assert.True(exit == 2, stderr);
        Assert.Contains($"{dir.Path}: is writable by group or others (mode 0777)", stderr, StringComparison.Ordinal);
        Assert.Contains($"chmod 0755 {dir.Path}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void State_check_names_the_bad_file_and_move_aside_keeps_it_and_unblocks_the_verbs()
    {
        using var dir = new TempStateDirectory();
        var journal = Path.Join(dir.Path, FileStateStore.JournalFile);
        File.WriteAllText(journal, "{}");

        var check = NictuneBinary.Run("state", "check", "--state-dir", dir.Path);
        Assert.Equal(2, check.ExitCode);
        Assert.Contains($"{journal}: the state file is corrupt: transactionId: missing", check.Stderr, StringComparison.Ordinal);

        var moved = NictuneBinary.Run("state", "check", "--state-dir", dir.Path, "--move-aside");
        Assert.True(moved.ExitCode == 0, moved.Stderr);
        var aside = Assert.Single(Directory.GetFiles(dir.Path, FileStateStore.JournalFile + ".corrupt-*"));
        Assert.Equal("{}", File.ReadAllText(aside));
        Assert.False(File.Exists(journal));
        Assert.Contains($"moved aside to {aside}", moved.Stdout, StringComparison.Ordinal);
        Assert.Contains("were not restored", moved.Stdout, StringComparison.Ordinal);

        var again = NictuneBinary.Run("state", "check", "--state-dir", dir.Path, "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
    }

    /// <summary>Issue 23 §5: a journal of the wrong shape is a corrupt state file (exit 2, one message), not a pending transaction (exit 4).</summary>
    [Fact]
    public void A_dry_run_rollback_over_a_corrupt_journal_says_so_once_and_exits_2()
    {
        using var dir = new TempStateDirectory();
        var journal = Path.Join(dir.Path, FileStateStore.JournalFile);
        File.WriteAllText(journal, "{}");

        var result = NictuneBinary.Run("rollback", "--dry-run", "--state-dir", dir.Path);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        var message = Assert.Single(result.Stderr.Split('\n'), l => l.Contains(journal, StringComparison.Ordinal));
        Assert.StartsWith($"nictune: {journal}: the state file is corrupt: transactionId: missing", message, StringComparison.Ordinal);
        Assert.DoesNotContain("pending", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("{}", File.ReadAllText(journal));
    }

    public static TheoryData<string, string> PlantedLocks => new()
    {
        { "symlink", "is a symbolic link" },
        { "fifo", "is a FIFO, not a regular file" },
    };

    /// <summary>Issue 23 §5: a lock file that is a link or a FIFO is refused with exit 2 and what is wrong, no stack trace; nothing is written through it.</summary>
    [Theory]
    [MemberData(nameof(PlantedLocks))]
    public void A_lock_file_that_is_not_a_regular_file_is_refused_with_exit_2_and_the_reason(string kind, string reason)
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("unshare");
        using var dir = new TempStateDirectory();
        var target = Path.Join(dir.Path, "target");
        File.WriteAllText(target, "untouched\n");
        var lockFile = Path.Join(dir.Path, StateDirectoryLock.FileName);
        if (kind == "symlink")
        {
            File.CreateSymbolicLink(lockFile, target);
        }
        else
        {
            Tools.Check("mkfifo", lockFile);
        }

        foreach (var verb in new[] { new[] { "recover" }, ["rollback", "--to", "baseline"] })
        {
            var (exit, stderr, _) = RunIsolated(verb, dir.Path);

            Assert.True(exit == 2, $"{string.Join(' ', verb)}: exit {exit}: {stderr}");
            Assert.Contains($"nictune: {lockFile}: {reason}", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        }

        Assert.Equal("untouched\n", File.ReadAllText(target));
    }

    [Fact]
    public void An_empty_state_dir_is_a_usage_error()
    {
        var result = NictuneBinary.Run("rollback", "--state-dir", "", "--dry-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--state-dir: the directory name is empty", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("IO_", result.Stderr, StringComparison.Ordinal);
    }

    private static (int Exit, string Stderr, string Hostname) RunIsolated(string[] verb, string stateDirectory)
    {
        var script = "hostname orig-nictune-test; \"$0\" \"$@\"; rc=$?; echo \"hostname=$(hostname)\"; exit $rc";
        var result = Tools.Run("unshare", ["--uts", "--net", "sh", "-c", script, NictuneBinary.Path, .. verb, "--state-dir", stateDirectory],
            stdin: null, environment: null, timeout: TimeSpan.FromSeconds(60));
        var hostname = result.Stdout.Split('\n').Single(l => l.StartsWith("hostname=", StringComparison.Ordinal))["hostname=".Length..];
        return (result.ExitCode, result.Stderr, hostname);
    }
}

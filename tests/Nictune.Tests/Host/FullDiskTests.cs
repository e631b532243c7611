using Nictune.Testing;
using Nictune.Tests.Linux.IO;
using Xunit;

namespace Nictune.Tests.Host;

/// <summary>
/// Issue 9 §3 with the real binary: a state directory on a tiny tmpfs. The tmpfs is mounted in a private mount
/// namespace (<c>unshare --mount</c>) and the apply runs in a private network namespace, so the sysctl it would change
/// (<c>net.core.somaxconn</c>, per network namespace) is the namespace's own.
/// </summary>
public sealed class FullDiskTests
{
    [Fact]
    public void An_apply_that_could_not_record_its_result_stops_before_the_first_change()
    {
        using var dir = new TempDirectory();

        var (result, files) = ApplyOnTinyDisk(dir, "28k", fill: ":");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains("not enough free space", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("journal.json", files, StringComparison.Ordinal);
    }

    /// <summary>Issue 23 §5: a disk too full to take even the lock holder's PID is exit 2 naming the lock file, not a crash.</summary>
    [Fact]
    public void An_apply_on_a_disk_too_full_for_the_lock_holder_exits_2_naming_the_lock_file_and_changes_nothing()
    {
        using var dir = new TempDirectory();

        // One page, filled: a new file still gets an inode, but not a byte of data.
        var (result, _) = ApplyOnTinyDisk(dir, "4k", fill: "cat /dev/zero > \"$1/fill\" 2>/dev/null");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains($"nictune: {Path.Join(dir.Path, "state", "lock")}: cannot record the lock holder: No space left on device", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs <c>apply</c> of a profile that sets somaxconn with its state directory on a tmpfs of <paramref name="size"/>,
    /// after <paramref name="fill"/> (a shell command; <c>$1</c> is the state directory), and checks that somaxconn
    /// was not changed. Returns the result and the files the state directory held after.
    /// </summary>
    private static (ToolResult Result, string Files) ApplyOnTinyDisk(TempDirectory dir, string size, string fill)
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("unshare");
        var profile = Path.Join(dir.Path, "tiny-disk.yaml");
        File.WriteAllText(profile, "sysctl:\n  net.core.somaxconn: 1234\n");
        var state = Path.Join(dir.Path, "state");
        Directory.CreateDirectory(state);
        var script = $"mount -t tmpfs -o size={size},mode=0755 nictune-test \"$1\" || exit 99; {fill}; " +
            "before=$(cat /proc/sys/net/core/somaxconn); " +
            "\"$0\" apply --profile \"$2\" --state-dir \"$1\" --json; rc=$?; " +
            "echo \"somaxconn=$before->$(cat /proc/sys/net/core/somaxconn)\" >&2; echo \"files=$(ls -A \"$1\" | tr '\\n' ' ')\" >&2; exit $rc";

        var result = Tools.Run("unshare", ["--mount", "--net", "sh", "-c", script, NictuneBinary.Path, state, profile], stdin: null, environment: null, timeout: TimeSpan.FromSeconds(60));

        var lines = result.Stderr.Split('\n');
        var values = lines.Single(l => l.StartsWith("somaxconn=", StringComparison.Ordinal))["somaxconn=".Length..].Split("->");
        Assert.Equal(values[0], values[1]);
        return (result, lines.Single(l => l.StartsWith("files=", StringComparison.Ordinal)));
    }
}

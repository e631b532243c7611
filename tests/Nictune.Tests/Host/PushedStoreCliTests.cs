using Nictune.Linux.Profiles;
using Nictune.Testing;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.Host;

/// <summary>Issue 23 §3 with the real binary: <c>nictune state check</c> over the pushed store, and modes under umask 000.</summary>
public sealed class PushedStoreCliTests
{
    [Fact]
    public void State_check_reports_an_inconsistent_pushed_store_and_move_aside_keeps_it_and_clears_it()
    {
        using var dir = new TempStateDirectory();
        var store = new PushedProfileStore(dir.Path);
        store.Push("mine", "name: mine\nsysctl:\n  net.core.somaxconn: 1000\n");
        File.Delete(store.PathOf("mine"));

        var check = NictuneBinary.Run("state", "check", "--state-dir", dir.Path);

        Assert.True(check.ExitCode == 2, check.Stdout + check.Stderr);
        Assert.Contains($"{store.RecordPath}: the pushed profiles are inconsistent: generation 1 names \"mine\"", check.Stderr, StringComparison.Ordinal);

        var moved = NictuneBinary.Run("state", "check", "--state-dir", dir.Path, "--move-aside");
        Assert.True(moved.ExitCode == 0, moved.Stdout + moved.Stderr);
        var aside = Assert.Single(Directory.GetDirectories(dir.Path, PushedProfileStore.DirectoryName + ".corrupt-*"));
        Assert.True(File.Exists(Path.Join(aside, PushedProfileStore.GenerationFile)));
        Assert.Equal(PushedProfileState.Empty, store.Read());
    }

    [Fact]
    public void State_check_shows_an_invalid_pushed_profile_in_full_to_root()
    {
        using var dir = new TempStateDirectory();
        var store = new PushedProfileStore(dir.Path);
        store.Push("mine", "name: mine\nsysctl:\n  kernel.hostname: x\n");

        var check = NictuneBinary.Run("state", "check", "--state-dir", dir.Path);

        Assert.True(check.ExitCode == 2, check.Stdout + check.Stderr);
        Assert.Contains($"{store.PathOf("mine")}:3", check.Stderr, StringComparison.Ordinal);
        Assert.Contains("kernel.hostname", check.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_umask_000_a_missing_state_directory_is_created_0755_and_trusted()
    {
        using var dir = new TempStateDirectory();
        var state = Path.Join(dir.Path, "a", "state");

        var result = Tools.Run("sh", ["-c", "umask 000; exec \"$0\" state check --move-aside --state-dir \"$1\"", NictuneBinary.Path, state], stdin: null, environment: null);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Equal("755", Tools.Check("stat", "-c", "%a", state).Trim());
        Assert.Equal("755", Tools.Check("stat", "-c", "%a", Path.GetDirectoryName(state)!).Trim());
    }
}

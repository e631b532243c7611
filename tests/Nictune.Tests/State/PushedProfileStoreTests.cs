using Nictune.Core.Transactions;
using Nictune.Linux.Profiles;
using Nictune.Testing;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.State;

/// <summary>
/// Issue 23 §3: the pushed store is state. A push is one commit (a crash at any step leaves the old push or the new
/// one, and recovery completes or discards the rest), a failed push changes nothing, and every file under
/// <c>pushed/</c> gets the state files' trust checks, with no file's content in any message.
/// </summary>
public sealed class PushedProfileStoreTests
{
    private const string Nobody = "65534";
    private const string Old = "name: old\nsysctl:\n  net.core.somaxconn: 1000\n";

    /// <summary>What stops the store at a step, as kill -9 would: nothing after it runs, no catch cleans up.</summary>
    private sealed class Killed : Exception;

    public static TheoryData<string, string, bool> Steps => new()
    {
        { PushedProfileStore.Staged, "old", false },
        { PushedProfileStore.Staged, "new", false },
        { PushedProfileStore.Committed, "old", true },
        { PushedProfileStore.Committed, "new", true },
        { PushedProfileStore.Tidied, "old", true },
        { PushedProfileStore.Tidied, "new", true },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_push_killed_at_any_step_leaves_the_old_push_or_the_new_one_and_recovery_completes_or_discards_it(string step, string name, bool landed)
    {
        using var dir = new TempStateDirectory();
        new PushedProfileStore(dir.Path).Push("old", Old);
        var text = $"name: {name}\nsysctl:\n  net.core.somaxconn: 2000\n";

        Assert.Throws<Killed>(() => new PushedProfileStore(dir.Path, s => { if (s == step) { throw new Killed(); } }).Push(name, text));

        var store = new PushedProfileStore(dir.Path);
        var expected = landed ? new PushedProfileState(2, name, text) : new PushedProfileState(1, "old", Old);
        Assert.Equal(expected, store.Read());
        store.Recover();
        Assert.Equal(expected, store.Read());
        Assert.Equal([PushedProfileStore.GenerationFile, expected.Name + ".yaml"], Files(store));
        Assert.Null(store.Check());
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_restore_puts_back_the_push_before_at_a_new_generation_and_a_kill_at_any_step_then_a_repeat_completes_it(string step, string name, bool landed)
    {
        using var dir = new TempStateDirectory();
        new PushedProfileStore(dir.Path).Push("old", Old);
        var before = new PushedBefore(1, "old", Old);
        new PushedProfileStore(dir.Path).Push(name, $"name: {name}\nsysctl:\n  net.core.somaxconn: 2000\n");

        Assert.Throws<Killed>(() => new PushedProfileStore(dir.Path, s => { if (s == step) { throw new Killed(); } }).Restore(before));
        Assert.Equal(landed, new PushedProfileStore(dir.Path).Read() == new PushedProfileState(3, "old", Old));

        var store = new PushedProfileStore(dir.Path);
        Assert.Equal(3UL, store.Restore(before));
        Assert.Equal(3UL, store.Restore(before));
        Assert.Equal(new PushedProfileState(3, "old", Old), store.Read());
        Assert.Equal([PushedProfileStore.GenerationFile, "old.yaml"], Files(store));
    }

    [Fact]
    public void A_restore_to_no_push_removes_the_pushed_profile_at_a_new_generation()
    {
        using var dir = new TempStateDirectory();
        var store = new PushedProfileStore(dir.Path);
        store.Push("old", Old);

        Assert.Equal(2UL, store.Restore(new PushedBefore(0, null, null)));

        Assert.Equal(new PushedProfileState(2, null, null), store.Read());
        Assert.Equal([PushedProfileStore.GenerationFile], Files(store));
        Assert.Equal(3UL, store.Push("new", Old));
    }

    /// <summary>
    /// Issue 25: a reverted push gave its generation back, so the next push reused the reverted push's number for
    /// other content and the fleet's generation views mixed the two. The record is the high-water mark, across a
    /// restart (a new store reading the files) too.
    /// </summary>
    [Fact]
    public void After_a_reverted_push_and_a_restart_the_next_push_gets_a_generation_above_both()
    {
        using var dir = new TempStateDirectory();
        var first = new PushedProfileStore(dir.Path).Push("old", Old);
        var before = new PushedBefore(first, "old", Old);
        var reverted = new PushedProfileStore(dir.Path).Push("trial", "name: trial\nsysctl:\n  net.core.somaxconn: 2000\n");
        var restored = new PushedProfileStore(dir.Path).Restore(before);

        var restarted = new PushedProfileStore(dir.Path);
        Assert.Equal(new PushedProfileState(restored, "old", Old), restarted.Read());
        var next = restarted.Push("other", "name: other\nsysctl:\n  net.core.somaxconn: 3000\n");

        Assert.True(restored > reverted, $"restored at {restored}, the reverted push was {reverted}");
        Assert.True(next > restored && next > reverted, $"next push {next}, reverted {reverted}, restored {restored}");
    }

    [Fact]
    public void An_unpush_killed_after_its_commit_is_an_unpush_and_recovery_removes_the_profile()
    {
        using var dir = new TempStateDirectory();
        new PushedProfileStore(dir.Path).Push("old", Old);

        Assert.Throws<Killed>(() => new PushedProfileStore(dir.Path, s => { if (s == PushedProfileStore.Committed) { throw new Killed(); } }).Remove());

        var store = new PushedProfileStore(dir.Path);
        Assert.Equal(new PushedProfileState(2, null, null), store.Read());
        store.Recover();
        Assert.Equal([PushedProfileStore.GenerationFile], Files(store));
    }

    [Fact]
    public void A_record_naming_a_missing_profile_is_reported_as_inconsistent_not_read_as_nothing_pushed()
    {
        using var dir = new TempStateDirectory();
        var store = new PushedProfileStore(dir.Path);
        store.Push("old", Old);
        File.Delete(store.PathOf("old"));

        var error = Assert.Throws<StateStoreException>(store.Read);

        Assert.Contains("the pushed profiles are inconsistent: generation 1 names \"old\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, store.Check());
    }

    [Fact]
    public void A_world_writable_or_foreign_pushed_directory_is_refused_for_reads_and_writes()
    {
        Prerequisite.RequireRoot();
        using var dir = new TempStateDirectory();
        var store = new PushedProfileStore(dir.Path);
        store.Push("old", Old);

        Tools.Check("chmod", "0777", store.Directory);
        Assert.Contains($"{store.Directory}: is writable by group or others (mode 0777)", Assert.Throws<StateStoreException>(store.Read).Message, StringComparison.Ordinal);
        Assert.Throws<StateStoreException>(() => store.Push("new", Old.Replace("old", "new", StringComparison.Ordinal)));

        Tools.Check("chmod", "0755", store.Directory);
        Tools.Check("chown", Nobody, store.Directory);
        Assert.Contains($"{store.Directory}: is owned by uid {Nobody}", Assert.Throws<StateStoreException>(store.Read).Message, StringComparison.Ordinal);
        Assert.Equal([PushedProfileStore.GenerationFile, "old.yaml"], Files(store));
    }

    [Fact]
    public void A_profile_planted_by_nobody_or_through_a_link_is_refused()
    {
        Prerequisite.RequireRoot();
        using var dir = new TempStateDirectory();
        using var elsewhere = new TempStateDirectory();
        var store = new PushedProfileStore(dir.Path);
        store.Push("old", Old);
        var profile = store.PathOf("old");

        Tools.Check("chown", Nobody, profile);
        Tools.Check("chmod", "0666", profile);
        Assert.Contains($"{profile}: is owned by uid {Nobody}", Assert.Throws<StateStoreException>(store.Read).Message, StringComparison.Ordinal);

        File.Delete(profile);
        var target = Path.Join(elsewhere.Path, "target.yaml");
        File.WriteAllText(target, Old);
        File.CreateSymbolicLink(profile, target);
        Assert.Contains($"{profile}: is a symbolic link", Assert.Throws<StateStoreException>(store.Read).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pushed_directory_that_is_a_link_is_refused()
    {
        using var dir = new TempStateDirectory();
        using var elsewhere = new TempStateDirectory();
        var store = new PushedProfileStore(elsewhere.Path);
        store.Push("old", Old);
        File.CreateSymbolicLink(Path.Join(dir.Path, PushedProfileStore.DirectoryName), store.Directory);

        var error = Assert.Throws<StateStoreException>(new PushedProfileStore(dir.Path).Read);

        Assert.Contains("is a symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_that_is_a_link_to_a_secret_or_holds_one_is_refused_without_quoting_it()
    {
        using var dir = new TempStateDirectory();
        using var elsewhere = new TempStateDirectory();
        var store = new PushedProfileStore(dir.Path);
        store.Push("old", Old);
        var secret = Path.Join(elsewhere.Path, "shadow");
        File.WriteAllText(secret, "root:$6$SECRET-HASH:19000:0:99999:7:::\n");
        File.Delete(store.RecordPath);
        File.CreateSymbolicLink(store.RecordPath, secret);

        var linked = Assert.Throws<StateStoreException>(store.Read);
        Assert.Contains("is a symbolic link", linked.Message, StringComparison.Ordinal);

        File.Delete(store.RecordPath);
        File.Copy(secret, store.RecordPath);
        var copied = Assert.Throws<StateStoreException>(store.Read);

        Assert.Contains($"{store.RecordPath}: the state file is corrupt", copied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", linked.Message + copied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", linked.Message + copied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_or_an_oversized_record_is_refused_at_once()
    {
        using var dir = new TempStateDirectory();
        var store = new PushedProfileStore(dir.Path);
        store.Push("old", Old);
        File.Delete(store.RecordPath);
        Tools.Check("mkfifo", store.RecordPath);

        var fifo = await Assert.ThrowsAsync<StateStoreException>(() => Task.Run(store.Read).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        Assert.Contains("is a FIFO, not a regular file", fifo.Message, StringComparison.Ordinal);

        File.Delete(store.RecordPath);
        File.WriteAllText(store.RecordPath, "1 old\n" + new string(' ', PushedProfileStore.RecordLimit));
        Assert.Contains($"is larger than {PushedProfileStore.RecordLimit} bytes", Assert.Throws<StateStoreException>(store.Read).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovery_removes_the_temporary_and_stray_files_of_interrupted_writes_and_keeps_the_push()
    {
        using var dir = new TempStateDirectory();
        var store = new PushedProfileStore(dir.Path);
        store.Push("old", Old);
        foreach (var stray in new[] { ".generation.tmp-0123", ".old.yaml.pending-7.tmp-4567", ".new.yaml.pending-2", "other.yaml" })
        {
            File.WriteAllText(Path.Join(store.Directory, stray), "x");
        }

        File.WriteAllText(Path.Join(dir.Path, ".journal.json.tmp-89ab"), "{");

        Assert.Equal(4, store.Recover().Count);
        Assert.Equal([".journal.json.tmp-89ab"], new Nictune.Linux.State.FileStateStore(dir.Path).RemoveTemporaryFiles());

        Assert.Equal([PushedProfileStore.GenerationFile, "old.yaml"], Files(store));
        Assert.Empty(Directory.GetFiles(dir.Path));
        Assert.Equal(new PushedProfileState(1, "old", Old), store.Read());
    }

    /// <summary>
    /// A 64 KiB tmpfs with 4 KiB left free, mounted on a directory of the test's own and unmounted at the end: a full file system for the
    /// store. The mount is of this test's temporary directory only.
    /// </summary>
    [Fact]
    public void A_push_onto_a_full_file_system_fails_as_such_and_changes_nothing()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("mount");
        using var dir = new TempStateDirectory();
        var state = Path.Join(dir.Path, "state");
        Directory.CreateDirectory(state);
        Tools.Check("mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "nictune-test", state);
        try
        {
            var store = new PushedProfileStore(state);
            store.Push("old", Old);
            var before = store.Read();
            var files = Files(store);
            File.WriteAllBytes(Path.Join(state, "filler"), new byte[new DriveInfo(state).AvailableFreeSpace - 4096]);
            Assert.Equal(4096, new DriveInfo(state).AvailableFreeSpace);
            var big = "name: big\nsysctl:\n  net.core.somaxconn: 3000\n" + string.Concat(Enumerable.Repeat("# padding to make the document about 20 KB long\n", 420));

            var error = Assert.Throws<StateStoreException>(() => store.Push("big", big));

            Assert.True(error.NoSpace, error.Message);
            Assert.Contains("is full; nothing was changed", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, store.Read());
            Assert.Equal(files, Files(store));
        }
        finally
        {
            Tools.Check("umount", state);
        }
    }

    private static List<string> Files(PushedProfileStore store) =>
        [.. Directory.GetFiles(store.Directory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];
}

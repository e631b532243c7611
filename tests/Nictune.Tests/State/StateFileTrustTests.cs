using Nictune.Core.Transactions;
using Nictune.Linux.State;
using Nictune.Testing;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.State;

/// <summary>
/// Issue 9 §1 and §2: a state file is data someone could have planted or broken. It is trusted only when root owns
/// it and nobody else can write it, and it is validated in full: every bad shape is a <see cref="StateStoreException"/>
/// naming the file and the field, never a crash and never a write.
/// </summary>
public sealed class StateFileTrustTests
{
    private const string Nobody = "65534";

    private const string JournalHead = """{"transactionId":"t","kind":"Apply","description":"x","startedAt":"2026-01-01T00:00:00Z",""";

    [Theory]
    [InlineData("{}", "transactionId: missing")]
    [InlineData(JournalHead + "\"entries\":null}", "entries")]
    [InlineData(JournalHead + "\"entries\":[{\"original\":\"1\",\"desired\":\"2\"}]}", "entries[0].key")]
    [InlineData(JournalHead + "\"entries\":[{\"key\":{\"scope\":7,\"target\":\"\",\"name\":\"net.core.somaxconn\"},\"original\":\"1\",\"desired\":\"2\"}]}", "entries[0].key.scope: 7 is not a scope")]
    [InlineData(JournalHead + "\"entries\":[{\"key\":{\"scope\":\"Interface\",\"target\":\"eth0\",\"name\":\"mtu\"},\"original\":\"1\",\"desired\":\"2\"}]}", "\"mtu\" is not a setting nictune manages")]
    [InlineData(JournalHead + "\"entries\":[{\"key\":{\"scope\":\"Interface\",\"target\":\"../../etc\",\"name\":\"txqueuelen\"},\"original\":\"1\",\"desired\":\"2\"}]}", "entries[0].key: Interface")]
    [InlineData(JournalHead + "\"entries\":[{\"key\":{\"scope\":\"Sysctl\",\"target\":\"\",\"name\":\"kernel.hostname\"},\"original\":\"pwned\",\"desired\":\"x\"}]}", "only net.* keys and vm.min_free_kbytes may be set")]
    [InlineData(JournalHead + "\"entries\":[{\"key\":{\"scope\":\"Sysctl\",\"target\":\"\",\"name\":\"kernel/core_pattern\"},\"original\":\"|/tmp/x\",\"desired\":\"core\"}]}", "entries[0].key: Sysctl")]
    [InlineData(JournalHead + "\"entries\":[{\"key\":{\"scope\":\"Sysctl\",\"target\":\"\",\"name\":\"net.core.somaxconn\"},\"original\":\"1\\n2\",\"desired\":\"2\"}]}", "entries[0].original: the value contains a control character")]
    [InlineData("[1,2,3]", "the document")]
    [InlineData("\"\"", "the document")]
    public void A_journal_of_the_wrong_shape_is_refused_naming_the_field(string json, string expected)
    {
        using var dir = new TempStateDirectory();
        var path = Path.Join(dir.Path, FileStateStore.JournalFile);
        File.WriteAllText(path, json);

        var error = Assert.Throws<StateStoreException>(() => new FileStateStore(dir.Path).ReadJournal());

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith($"{path}: the state file is corrupt: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("nictune state check", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "settings: missing")]
    [InlineData("{\"settings\":[{\"key\":{\"scope\":\"Sysctl\",\"target\":\"\",\"name\":\"kernel.core_pattern\"},\"value\":\"|/tmp/x\"}]}", "settings[0].key")]
    [InlineData("{\"settings\":[{\"key\":{\"scope\":\"Interface\",\"target\":\"eth0\",\"name\":\"ring.rx\"}}]}", "settings[0].value: missing")]
    public void A_baseline_of_the_wrong_shape_is_refused_naming_the_field(string json, string expected)
    {
        using var dir = new TempStateDirectory();
        File.WriteAllText(Path.Join(dir.Path, FileStateStore.BaselineFile), json);

        var error = Assert.Throws<StateStoreException>(() => new FileStateStore(dir.Path).ReadBaseline());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}\n", "line 1: id: missing")]
    [InlineData("{\"id\":\"a\",\"kind\":\"Apply\",\"description\":\"d\",\"outcome\":\"Succeeded\",\"settings\":[{\"key\":{\"scope\":\"Sysctl\",\"target\":\"\",\"name\":\"kernel.hostname\"},\"status\":\"Applied\",\"original\":\"pwned\",\"message\":\"m\"}],\"message\":\"m\",\"startedAt\":\"2026-01-01T00:00:00Z\",\"finishedAt\":\"2026-01-01T00:00:00Z\"}\n", "line 1: settings[0].key")]
    [InlineData("not json\n", "line 1: ")]
    public void A_history_record_of_the_wrong_shape_is_refused_naming_the_line_and_field(string text, string expected)
    {
        using var dir = new TempStateDirectory();
        File.WriteAllText(Path.Join(dir.Path, FileStateStore.HistoryFile), text);

        var error = Assert.Throws<StateStoreException>(() => new FileStateStore(dir.Path).ReadHistory());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_journal_owned_by_another_user_is_refused_with_the_fix()
    {
        Prerequisite.RequireRoot();
        using var dir = new TempStateDirectory();
        var path = Path.Join(dir.Path, FileStateStore.JournalFile);
        File.WriteAllText(path, "{}");
        Tools.Check("chown", Nobody, path);

        var error = Assert.Throws<StateStoreException>(() => new FileStateStore(dir.Path).ReadJournal());

        Assert.Equal($"{path}: is owned by uid {Nobody}, not by root: nictune writes what the state files say to the kernel, so it trusts only state owned by root. " +
            $"If you made it, fix it with: chown root:root {path}; otherwise move it aside and find out who did", error.Message);
    }

    [Fact]
    public void A_world_writable_state_directory_is_refused_for_reads_and_writes()
    {
        using var dir = new TempStateDirectory();
        Tools.Check("chmod", "0777", dir.Path);
        var store = new FileStateStore(dir.Path);

        var read = Assert.Throws<StateStoreException>(() => store.ReadBaseline());
        Assert.Equal($"{dir.Path}: is writable by group or others (mode 0777): nictune writes what the state files say to the kernel, so it trusts only state that only its owner can change. Fix it with: chmod 0755 {dir.Path}", read.Message);
        Assert.Throws<StateStoreException>(() => store.WriteBaseline(Baseline.Empty));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_group_writable_state_file_is_refused()
    {
        using var dir = new TempStateDirectory();
        var path = Path.Join(dir.Path, FileStateStore.BaselineFile);
        File.WriteAllText(path, "{\"settings\":[]}");
        Tools.Check("chmod", "0664", path);

        var error = Assert.Throws<StateStoreException>(() => new FileStateStore(dir.Path).ReadBaseline());

        Assert.Contains("mode 0664", error.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 0644 {path}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_file_that_is_a_link_is_refused()
    {
        using var dir = new TempStateDirectory();
        using var elsewhere = new TempStateDirectory();
        var target = Path.Join(elsewhere.Path, "planted.json");
        File.WriteAllText(target, "{\"settings\":[]}");
        File.CreateSymbolicLink(Path.Join(dir.Path, FileStateStore.BaselineFile), target);

        var error = Assert.Throws<StateStoreException>(() => new FileStateStore(dir.Path).ReadBaseline());

        Assert.Contains("is a symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_or_device_in_place_of_a_state_file_is_refused_at_once()
    {
        using var dir = new TempStateDirectory();
        Tools.Check("mkfifo", Path.Join(dir.Path, FileStateStore.JournalFile));
        Tools.Check("mknod", Path.Join(dir.Path, FileStateStore.BaselineFile), "c", "1", "5");
        var store = new FileStateStore(dir.Path);

        var journal = await Assert.ThrowsAsync<StateStoreException>(() => Task.Run(store.ReadJournal).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        var baseline = Assert.Throws<StateStoreException>(store.ReadBaseline);

        Assert.Contains("is a FIFO, not a regular file", journal.Message, StringComparison.Ordinal);
        Assert.Contains("is a character device, not a regular file", baseline.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_state_file_is_refused_without_reading_it_whole()
    {
        using var dir = new TempStateDirectory();
        var path = Path.Join(dir.Path, FileStateStore.JournalFile);
        using (var file = File.Create(path))
        {
            file.SetLength(FileStateStore.DocumentLimit + 1L);
        }

        var error = Assert.Throws<StateStoreException>(() => new FileStateStore(dir.Path).ReadJournal());

        Assert.Contains($"is larger than {FileStateStore.DocumentLimit} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_quotes_at_most_a_truncated_token_never_the_file()
    {
        using var dir = new TempStateDirectory();
        var path = Path.Join(dir.Path, FileStateStore.JournalFile);
        var secret = "root:$6$" + new string('x', 500);
        File.WriteAllText(path, JournalHead + $"\"entries\":[{{\"key\":{{\"scope\":\"Interface\",\"target\":\"eth0\",\"name\":\"{secret.Replace("$", "", StringComparison.Ordinal)}\"}},\"original\":\"1\",\"desired\":\"2\"}}]}}\n" + secret);

        var error = Assert.Throws<StateStoreException>(() => new FileStateStore(dir.Path).ReadJournal());

        Assert.DoesNotContain(new string('x', 100), error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 600, error.Message);
    }
}

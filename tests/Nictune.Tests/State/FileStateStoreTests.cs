using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Linux.State;
using Nictune.Testing;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.State;

public sealed class FileStateStoreTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Journal SampleJournal() => new("20250101T120000Z-abcdef01", TransactionKind.Apply, "apply test (test.yaml)", Now,
    [
        new JournalEntry(SettingKey.Sysctl("net.ipv4.tcp_rmem"), "4096\t87380\t6291456", "4096 131072 16777216"),
        new JournalEntry(SettingKey.Interface("eth0", "rps-cpus.rx-3"), null, "ff"),
    ]);

    [Fact]
    public void Documents_round_trip()
    {
        using var dir = new TempStateDirectory();
        var store = new FileStateStore(Path.Join(dir.Path, "nested"));
        var baseline = new Baseline(Now, [new BaselineSetting(SettingKey.Interface("eth0", "ring.rx"), "1024")]);
        var result = new TransactionResult("id-1", TransactionKind.Apply, "apply", TransactionOutcome.FailedRolledBack,
            [new SettingOutcome(SettingKey.Interface("eth0", "ring.rx"), SettingStatus.Failed, "1024", "4096", "1024", Errnos.EINVAL, "Invalid argument")],
            "failed", Now, Now.AddSeconds(1));

        store.WriteJournal(SampleJournal());
        store.WriteBaseline(baseline);
        store.AppendHistory(result);

        var again = new FileStateStore(Path.Join(dir.Path, "nested"));
        Assert.Equal(SampleJournal().Entries, again.ReadJournal()!.Entries);
        Assert.Equal(baseline.Settings, again.ReadBaseline().Settings);
        Assert.Equal(result.Settings, again.ReadHistory().Transactions.Single().Settings);
        Assert.Contains("\"kind\": \"Apply\"", File.ReadAllText(Path.Join(dir.Path, "nested", FileStateStore.JournalFile)), StringComparison.Ordinal);
        Assert.Equal(
            [FileStateStore.BaselineFile, FileStateStore.HistoryFile, FileStateStore.JournalFile],
            Directory.GetFiles(Path.Join(dir.Path, "nested")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Missing_documents_read_as_empty()
    {
        using var dir = new TempStateDirectory();
        var store = new FileStateStore(Path.Join(dir.Path, "never-created"));

        Assert.Null(store.ReadJournal());
        Assert.Same(Baseline.Empty, store.ReadBaseline());
        Assert.Empty(store.ReadHistory().Transactions);
        store.ClearJournal();
    }

    [Fact]
    public void A_temporary_file_left_by_a_crash_mid_write_is_ignored()
    {
        using var dir = new TempStateDirectory();
        var store = new FileStateStore(dir.Path);
        store.WriteJournal(SampleJournal());
        File.WriteAllText(Path.Join(dir.Path, $".{FileStateStore.JournalFile}.tmp-0123456789abcdef"), "{ \"transactionId\": \"torn");

        Assert.Equal(SampleJournal().TransactionId, store.ReadJournal()!.TransactionId);
        store.ClearJournal();
        Assert.Null(store.ReadJournal());
    }

    [Theory]
    [InlineData(FileStateStore.JournalFile, "{ \"transactionId\": ")]
    [InlineData(FileStateStore.BaselineFile, "null")]
    [InlineData(FileStateStore.HistoryFile, "{\"transactions\": 42}\n")]
    public void A_corrupt_document_is_a_clear_error_naming_the_file(string file, string content)
    {
        using var dir = new TempStateDirectory();
        var path = Path.Join(dir.Path, file);
        File.WriteAllText(path, content);
        var store = new FileStateStore(dir.Path);

        var error = Assert.Throws<StateStoreException>(() =>
        {
            _ = store.ReadJournal();
            _ = store.ReadBaseline();
            _ = store.ReadHistory();
        });

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith($"{path}: the state file is corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_journal_stops_recovery_with_the_file_named()
    {
        using var dir = new TempStateDirectory();
        File.WriteAllText(Path.Join(dir.Path, FileStateStore.JournalFile), "garbage");
        var engine = new TransactionEngine(new Simulators.FakeSettingStore(), new FileStateStore(dir.Path));

        var error = Assert.Throws<StateStoreException>(() => engine.Recover());
        Assert.Contains(FileStateStore.JournalFile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_journal_that_cannot_be_removed_is_a_state_store_error_naming_the_file()
    {
        // Even root cannot unlink an immutable file; the flag is set on a file in a temp directory only.
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("chattr");
        using var dir = new TempStateDirectory();
        var store = new FileStateStore(dir.Path);
        store.WriteJournal(SampleJournal());
        var path = Path.Join(dir.Path, FileStateStore.JournalFile);
        Tools.Check("chattr", "+i", path);
        try
        {
            var error = Assert.Throws<StateStoreException>(store.ClearJournal);

            Assert.Equal(path, error.FilePath);
            Assert.StartsWith($"{path}: cannot remove the state file", error.Message, StringComparison.Ordinal);
            Assert.NotNull(store.ReadJournal());
        }
        finally
        {
            Tools.Check("chattr", "-i", path);
        }
    }
}

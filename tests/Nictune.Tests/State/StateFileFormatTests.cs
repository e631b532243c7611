using Nictune.Core.Adaptive;
using Nictune.Core.Guard;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Linux.State;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.State;

/// <summary>
/// The state files' bytes on disk, pinned: a change to the types behind them (a struct made a class to shrink the
/// binary, a converter replaced) must leave every file an older agent wrote readable and every file it writes the
/// same. Each document carries every enum the state files hold, in more than one of its values.
/// </summary>
public sealed class StateFileFormatTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly SettingKey Ring = SettingKey.Interface("eth0", "ring.rx");

    private static readonly SettingKey Backlog = SettingKey.Sysctl("net.core.netdev_max_backlog");

    private const string JournalText = """
        {
          "transactionId": "20260102T030405Z-0123abcd",
          "kind": "RollbackPrevious",
          "description": "rollback",
          "startedAt": "2026-01-02T03:04:05+00:00",
          "entries": [
            {
              "key": {
                "scope": "Interface",
                "target": "eth0",
                "name": "ring.rx"
              },
              "original": "512",
              "desired": "1024"
            },
            {
              "key": {
                "scope": "Sysctl",
                "target": "",
                "name": "net.core.netdev_max_backlog"
              },
              "desired": "2000"
            }
          ]
        }
        """;

    private const string BaselineText = """
        {
          "recordedAt": "2026-01-02T03:04:05+00:00",
          "settings": [
            {
              "key": {
                "scope": "Interface",
                "target": "eth0",
                "name": "ring.rx"
              },
              "value": "512",
              "device": "0000:00:03.0"
            },
            {
              "key": {
                "scope": "Sysctl",
                "target": "",
                "name": "net.core.netdev_max_backlog"
              },
              "value": "1000"
            }
          ]
        }
        """;

    private const string AdjustedText = """
        {
          "settings": [
            {
              "key": {
                "scope": "Interface",
                "target": "eth0",
                "name": "ring.rx"
              },
              "desired": "4096",
              "held": "2048",
              "refused": 22,
              "device": "0000:00:03.0"
            }
          ]
        }
        """;

    private const string PendingText = """
        {
          "transactionId": "20260102T030405Z-0123abcd",
          "verb": "apply",
          "deadline": "2026-01-02T03:05:05+00:00",
          "pushed": {
            "generation": 3,
            "name": "pushed",
            "document": "name: pushed\n"
          }
        }
        """;

    private const string OverlayText = """
        {
          "entries": [
            {
              "device": "eth0",
              "setting": "ring.rx",
              "value": 2048,
              "profile": "1024",
              "base": "512",
              "at": "2026-01-02T03:04:05+00:00",
              "dropsPerSecond": 12.5
            }
          ]
        }
        """;

    private const string HistoryLine =
        """{"id":"20260102T030405Z-0123abcd","kind":"Apply","description":"apply","outcome":"FailedRolledBack","settings":[{"key":{"scope":"Interface","target":"eth0","name":"ring.rx"},"status":"RolledBack","original":"512","desired":"1024","actual":"512","message":"rolled back","notRestored":false},{"key":{"scope":"Sysctl","target":"","name":"net.core.netdev_max_backlog"},"status":"Failed","original":"1000","desired":"2000","actual":"1000","errno":22,"message":"Invalid argument","notRestored":true}],"message":"failed","startedAt":"2026-01-02T03:04:05+00:00","finishedAt":"2026-01-02T03:04:06+00:00","undoes":"20260101T000000Z-00000000","notInForce":[{"key":{"scope":"Interface","target":"eth0","name":"ring.rx"},"status":"Adjusted","original":"512","desired":"4096","actual":"2048","message":"held at 2048","notRestored":false}],"guard":[{"check":"link","interface":"eth0","detail":"carrier lost"}]}""";

    private static readonly Journal SampleJournal = new("20260102T030405Z-0123abcd", TransactionKind.RollbackPrevious, "rollback", At,
        [new JournalEntry(Ring, "512", "1024"), new JournalEntry(Backlog, null, "2000")]);

    private static readonly Baseline SampleBaseline = new(At, [new BaselineSetting(Ring, "512", "0000:00:03.0"), new BaselineSetting(Backlog, "1000")]);

    private static readonly AdjustedSettings SampleAdjusted = new([new AdjustedSetting(Ring, "4096", "2048", Errnos.EINVAL, "0000:00:03.0")]);

    private static readonly PendingConfirmation SamplePending = new("20260102T030405Z-0123abcd", TransactionVerbs.Apply, At.AddMinutes(1),
        new PushedBefore(3, "pushed", "name: pushed\n"));

    private static readonly AdaptiveOverlay SampleOverlay = new([new OverlayEntry("eth0", "ring.rx", 2048, "1024", "512", At, 12.5)]);

    private static readonly TransactionResult SampleResult = new("20260102T030405Z-0123abcd", TransactionKind.Apply, "apply", TransactionOutcome.FailedRolledBack,
        [
            new SettingOutcome(Ring, SettingStatus.RolledBack, "512", "1024", "512", null, "rolled back"),
            new SettingOutcome(Backlog, SettingStatus.Failed, "1000", "2000", "1000", Errnos.EINVAL, "Invalid argument", NotRestored: true),
        ],
        "failed", At, At.AddSeconds(1), Undoes: "20260101T000000Z-00000000",
        NotInForce: [new SettingOutcome(Ring, SettingStatus.Adjusted, "512", "4096", "2048", null, "held at 2048")],
        Guard: [new GuardEvidence(GuardChecks.Link, "eth0", "carrier lost")]);

    [Fact]
    public void Every_state_file_is_written_byte_for_byte_as_before()
    {
        using var dir = new TempStateDirectory();
        var store = new FileStateStore(dir.Path);

        store.WriteJournal(SampleJournal);
        store.WriteBaseline(SampleBaseline);
        store.WriteAdjusted(SampleAdjusted);
        store.WritePending(SamplePending);
        store.WriteOverlay(SampleOverlay);
        store.AppendHistory(SampleResult);

        Assert.Equal(JournalText, Read(dir, FileStateStore.JournalFile));
        Assert.Equal(BaselineText, Read(dir, FileStateStore.BaselineFile));
        Assert.Equal(AdjustedText, Read(dir, FileStateStore.AdjustedFile));
        Assert.Equal(PendingText, Read(dir, FileStateStore.PendingFile));
        Assert.Equal(OverlayText, Read(dir, FileStateStore.OverlayFile));
        Assert.Equal(HistoryLine + "\n", Read(dir, FileStateStore.HistoryFile));
    }

    [Fact]
    public void Every_state_file_as_written_before_reads_back_the_same()
    {
        using var dir = new TempStateDirectory();
        Write(dir, FileStateStore.JournalFile, JournalText);
        Write(dir, FileStateStore.BaselineFile, BaselineText);
        Write(dir, FileStateStore.AdjustedFile, AdjustedText);
        Write(dir, FileStateStore.PendingFile, PendingText);
        Write(dir, FileStateStore.OverlayFile, OverlayText);
        Write(dir, FileStateStore.HistoryFile, HistoryLine + "\n");
        var store = new FileStateStore(dir.Path);

        var journal = store.ReadJournal()!;
        Assert.Equal(SampleJournal with { Entries = journal.Entries }, journal);
        Assert.Equal(SampleJournal.Entries, journal.Entries);
        var baseline = store.ReadBaseline();
        Assert.Equal(SampleBaseline.Settings, baseline.Settings);
        Assert.Equal(SampleBaseline.RecordedAt, baseline.RecordedAt);
        Assert.Equal(SampleAdjusted.Settings, store.ReadAdjusted()!.Settings);
        Assert.Equal(SamplePending, store.ReadPending());
        Assert.Equal(SampleOverlay.Entries, store.ReadOverlay().Entries);
        var result = Assert.Single(store.ReadHistory().Transactions);
        Assert.Equal(SampleResult.Settings, result.Settings);
        Assert.Equal(SampleResult.NotInForce, result.NotInForce);
        Assert.Equal(SampleResult.Guard, result.Guard);
        Assert.Equal(SampleResult with { Settings = result.Settings, NotInForce = result.NotInForce, Guard = result.Guard }, result);
    }

    private static string Read(TempStateDirectory dir, string file) => File.ReadAllText(Path.Join(dir.Path, file));

    private static void Write(TempStateDirectory dir, string file, string text) => File.WriteAllText(Path.Join(dir.Path, file), text);
}

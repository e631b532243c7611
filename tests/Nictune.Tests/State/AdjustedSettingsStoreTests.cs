using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Linux.State;
using Nictune.Tests.Simulators;
using Nictune.Tests.Transactions;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.State;

/// <summary>
/// The driver adjustments kept beside the history (<c>adjusted.json</c>, docs/state.md): planning reads them instead
/// of the history, they stay equal to what the history says, and a bad file is refused like every state file.
/// </summary>
public sealed class AdjustedSettingsStoreTests : IDisposable
{
    private static readonly SettingKey RingRx = SettingKey.Interface("eth0", "ring.rx");

    private const string AdjustedRecord =
        """{"id":"20260101T000000Z-0000000","kind":"Apply","description":"apply x","outcome":"Succeeded","settings":[{"key":{"scope":"Interface","target":"eth0","name":"ring.rx"},"status":"Adjusted","original":"1024","desired":"4096","actual":"4032","message":"adjusted"}],"message":"m","startedAt":"2026-01-01T00:00:00Z","finishedAt":"2026-01-01T00:00:00Z"}""";

    private readonly TempStateDirectory _dir = new();

    // vmxnet3 before rev 7 at MTU 9000 holds 4032 for a ring of 4096 (docs/drivers.md §5).
    private readonly Vmxnet3Simulator _nic = new("eth0", revision: 4, mtu: 9000);
    private readonly SimulatedHost _host;
    private readonly CountingStateStore _state;
    private readonly TransactionEngine _engine;

    public AdjustedSettingsStoreTests()
    {
        _host = new SimulatedHost().Add(_nic);
        _state = new CountingStateStore(new FileStateStore(_dir.Path));
        _engine = new TransactionEngine(new FaultInjectingStore(_host), _state, new FixedTimeProvider());
    }

    public void Dispose() => _dir.Dispose();

    private string PathOf(string file) => Path.Join(_dir.Path, file);

    private TuningPlan Plan(long rx = 4096, long? tx = null) =>
        _engine.Plan(Profile(null, Any(new InterfaceSettings { Ring = new RingSettings(Rx: ProfileValue.Of(rx), Tx: tx is { } t ? ProfileValue.Of(t) : null) })),
            Inventory(_nic.ToInterface(NicClass.Paravirtual, "0-3")), Facts(cpus: _nic.CpuCount));

    [Fact]
    public void A_refusal_is_kept_on_disk_with_its_errno_and_device_and_an_older_file_without_them_still_reads()
    {
        var coalesce = SettingKey.Interface("eth0", "coalesce.rx-usecs");
        var store = new FileStateStore(_dir.Path);
        var refused = new AdjustedSetting(coalesce, "50", "0", Errnos.EOPNOTSUPP, "/sys/devices/pci0000:00/0000:00:09.0/virtio1");

        store.WriteAdjusted(new AdjustedSettings([refused, new AdjustedSetting(RingRx, "4096", "4032")]));

        Assert.Equal([refused, new AdjustedSetting(RingRx, "4096", "4032")], new FileStateStore(_dir.Path).ReadAdjusted()!.Settings);
        Assert.DoesNotContain("\"refused\": null", System.IO.File.ReadAllText(PathOf(FileStateStore.AdjustedFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void Plans_and_records_read_no_history_and_an_adjustment_outlives_fifty_later_transactions()
    {
        Assert.Equal(TransactionOutcome.Succeeded, _engine.Apply(Plan()).Outcome);
        Assert.Equal("4032", _host.Read(RingRx).Value);
        Assert.Equal([new AdjustedSetting(RingRx, "4096", "4032")], new FileStateStore(_dir.Path).ReadAdjusted()!.Settings);
        _state.ResetCounts();

        // 60 transactions that leave the ring alone: more than the 50 records the history reader keeps.
        for (var i = 0; i < 60; i++)
        {
            var plan = Plan(tx: i % 2 == 0 ? 1024 : 2048);
            Assert.Contains("ring.tx", plan.Changes.Select(c => c.Key.Name));
            Assert.DoesNotContain("ring.rx", plan.Changes.Select(c => c.Key.Name));
            Assert.Equal(TransactionOutcome.Succeeded, _engine.Apply(plan).Outcome);
        }

        // The ring's wish is still satisfied by the value the driver held: not written again (which would fail the
        // readback, 4032 -> 4032, and roll the pass back).
        Assert.False(Plan().HasChanges);
        Assert.Equal((0, 0, 0), (_state.HistoryReads, _state.RecordsRead, _state.AdjustedWrites));
        Assert.Equal(50, new FileStateStore(_dir.Path).ReadHistory().Transactions.Count);
    }

    [Fact]
    public void A_state_directory_without_the_file_derives_it_from_the_history_once_then_keeps_it()
    {
        _host.Write(RingRx, "4032");
        System.IO.File.WriteAllText(PathOf(FileStateStore.HistoryFile), AdjustedRecord + "\n");

        Assert.False(Plan().HasChanges);
        Assert.Equal((1, 1), (_state.HistoryReads, _state.RecordsRead));

        Assert.Equal(TransactionOutcome.Succeeded, _engine.Apply(Plan(tx: 1024)).Outcome);
        Assert.Equal([new AdjustedSetting(RingRx, "4096", "4032")], new FileStateStore(_dir.Path).ReadAdjusted()!.Settings);
        _state.ResetCounts();

        Assert.False(Plan().HasChanges);
        Assert.Equal((0, 0), (_state.HistoryReads, _state.RecordsRead));
    }

    [Fact]
    public void A_setting_written_again_forgets_its_adjustment_and_the_file_follows()
    {
        Assert.Equal(TransactionOutcome.Succeeded, _engine.Apply(Plan()).Outcome);

        Assert.Equal(TransactionOutcome.Succeeded, _engine.Apply(Plan(rx: 2016)).Outcome);

        Assert.Empty(new FileStateStore(_dir.Path).ReadAdjusted()!.Settings);
        Assert.Equal(
            DriverAdjustments.From(new FileStateStore(_dir.Path).ReadHistory()).ToDocument().Settings,
            new FileStateStore(_dir.Path).ReadAdjusted()!.Settings);
    }

    [Fact]
    public void Recovering_an_interrupted_transaction_drops_the_file_so_the_history_decides_again()
    {
        // A crash after the adjustments were stored and before the record was appended: they are ahead of the history.
        Assert.Equal(TransactionOutcome.Succeeded, _engine.Apply(Plan()).Outcome);
        var store = new FileStateStore(_dir.Path);
        store.WriteJournal(new Journal("20260101T000000Z-1111111", TransactionKind.Apply, "apply y", DateTimeOffset.UnixEpoch,
            [new JournalEntry(SettingKey.Interface("eth0", "ring.tx"), "512", "1024")]));
        store.WriteAdjusted(new AdjustedSettings([new AdjustedSetting(SettingKey.Interface("eth0", "ring.tx"), "1000", "1024")]));

        Assert.NotNull(_engine.Recover());

        Assert.False(System.IO.File.Exists(PathOf(FileStateStore.AdjustedFile)));
        Assert.False(Plan().HasChanges);
        Assert.Equal(TransactionOutcome.Succeeded, _engine.Apply(Plan(tx: 2048)).Outcome);
        Assert.Equal([new AdjustedSetting(RingRx, "4096", "4032")], new FileStateStore(_dir.Path).ReadAdjusted()!.Settings);
    }

    [Theory]
    [InlineData("{ \"settings\": [", "settings[0] (line 1): ")]
    [InlineData("{}", "settings: missing (a list is expected)")]
    [InlineData("""{"settings":[{"key":{"scope":"Sysctl","target":"","name":"kernel.hostname"},"desired":"x","held":"y"}]}""",
        "settings[0].key: Sysctl \"kernel.hostname\": only net.* keys and vm.min_free_kbytes may be set")]
    [InlineData("""{"settings":[{"key":{"scope":"Interface","target":"eth0","name":"ring.rx"},"desired":"4096"}]}""", "settings[0].held: missing")]
    public void A_corrupt_file_stops_the_plan_with_the_file_and_field_named_and_moving_it_aside_unblocks_it(string content, string field)
    {
        var path = PathOf(FileStateStore.AdjustedFile);
        System.IO.File.WriteAllText(path, content);
        var store = new FileStateStore(_dir.Path);

        var error = Assert.Throws<StateStoreException>(() => Plan());

        Assert.StartsWith($"{path}: the state file is corrupt: {field}", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, store.Check(FileStateStore.AdjustedFile));
        Assert.NotNull(store.MoveAside(FileStateStore.AdjustedFile, DateTimeOffset.UnixEpoch));
        Assert.True(Plan().HasChanges);
    }

    [Fact]
    public void A_file_larger_than_its_bound_is_refused_unread()
    {
        System.IO.File.WriteAllText(PathOf(FileStateStore.AdjustedFile), "{\"settings\":[" + new string(' ', FileStateStore.AdjustedLimit) + "]}");

        var error = Assert.Throws<StateStoreException>(() => new FileStateStore(_dir.Path).ReadAdjusted());

        Assert.Equal(PathOf(FileStateStore.AdjustedFile), error.FilePath);
    }

    [Fact]
    public void More_adjustments_than_the_bound_forget_the_oldest()
    {
        var adjustments = DriverAdjustments.None;
        for (var i = 0; i < AdjustedSettings.MaxEntries + 5; i++)
        {
            var key = SettingKey.Interface($"v{i}", "ring.rx");
            adjustments = adjustments.After(new TransactionResult($"t{i}", TransactionKind.Apply, "d", TransactionOutcome.Succeeded,
                [new SettingOutcome(key, SettingStatus.Adjusted, "512", "4096", "4032", null, "m")], "m", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
        }

        var kept = adjustments.ToDocument().Settings;
        Assert.Equal(AdjustedSettings.MaxEntries, kept.Count);
        Assert.Equal("v5", kept[0].Key.Target);
        Assert.Empty(StateDocumentValidator.Check(adjustments.ToDocument()));
        Assert.Contains("more than the 1024 kept", Assert.Single(StateDocumentValidator.Check(new AdjustedSettings([.. kept, kept[0]]))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"settings\":[]}", true)]
    [InlineData("{\n  \"settings\": [ ]\n}\n", true)]
    [InlineData("{\"set tings\":[]}", false)]
    [InlineData("{\"settings\":[]}}", false)]
    [InlineData("{\"settings\":[", false)]
    public void The_empty_document_is_read_without_the_serializer_and_anything_else_with_it(string content, bool empty)
    {
        System.IO.File.WriteAllText(PathOf(FileStateStore.AdjustedFile), content);
        var store = new FileStateStore(_dir.Path);

        if (empty)
        {
            Assert.Same(AdjustedSettings.Empty, store.ReadAdjusted());
        }
        else
        {
            Assert.Throws<StateStoreException>(() => store.ReadAdjusted());
        }
    }

    [Fact]
    public void What_the_store_writes_for_no_adjustments_is_read_back_as_none()
    {
        var store = new FileStateStore(_dir.Path);
        store.WriteAdjusted(AdjustedSettings.Empty);

        Assert.Same(AdjustedSettings.Empty, store.ReadAdjusted());
    }
}

using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Transactions;

/// <summary>A device's channel counts are written in one request, as its features are: one quiesce or reset, not one per count.</summary>
public sealed class ChannelBatchTests
{
    private static readonly SettingKey Rx = SettingKey.Interface("veth0", "channels.rx");
    private static readonly SettingKey Tx = SettingKey.Interface("veth0", "channels.tx");

    private readonly FakeSettingStore _system = new FakeSettingStore().Nic("veth0", "channels.rx", "4", 4).Nic("veth0", "channels.tx", "4", 4);

    private static TuningPlan Plan(TransactionEngine engine) => engine.Plan(
        Profile(null, Any(new InterfaceSettings { Channels = new ChannelSettings(Rx: ProfileValue.Of(1), Tx: ProfileValue.Of(2)) })),
        Inventory(Nic("veth0", "veth", NicClass.Software, queues: 4)), Facts());

    [Fact]
    public void Rx_and_tx_counts_of_one_device_go_in_one_grouped_write()
    {
        var store = new RecordingStore(_system);
        var engine = new TransactionEngine(store, new InMemoryStateStore(), new FixedTimeProvider());

        var result = engine.Apply(Plan(engine));

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal([[Rx, Tx]], store.Groups);
        Assert.Equal(("1", "2"), (_system.Read(Rx).Value, _system.Read(Tx).Value));
    }

    [Fact]
    public void A_refused_group_fails_both_counts_and_the_transaction_rolls_back()
    {
        var store = new RecordingStore(_system) { Refuse = new SettingWriteException([Rx, Tx], Errnos.EINVAL, "veth0 channels.rx, veth0 channels.tx: Invalid argument") };
        var engine = new TransactionEngine(store, new InMemoryStateStore(), new FixedTimeProvider());

        var result = engine.Apply(Plan(engine));

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Equal([SettingStatus.Failed, SettingStatus.Failed], result.Settings.Where(s => s.Key == Rx || s.Key == Tx).Select(s => s.Status));
        Assert.Equal(("4", "4"), (_system.Read(Rx).Value, _system.Read(Tx).Value));
    }

    private sealed class RecordingStore(ISettingStore inner) : ISettingStore
    {
        public List<SettingKey[]> Groups { get; } = [];

        public SettingWriteException? Refuse { get; init; }

        public SettingReading Read(SettingKey key) => inner.Read(key);

        public void Write(SettingKey key, string value) => inner.Write(key, value);

        public void WriteTogether(IReadOnlyList<KeyValuePair<SettingKey, string>> settings)
        {
            Groups.Add([.. settings.Select(s => s.Key)]);
            if (Refuse is { } refused)
            {
                throw refused;
            }

            inner.WriteTogether(settings);
        }

        public bool InterfaceExists(string nic) => inner.InterfaceExists(nic);
    }
}

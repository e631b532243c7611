using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;
using static Nictune.Tests.Simulators.TestProfiles;

namespace Nictune.Tests.Transactions;

/// <summary>
/// A raise-only sysctl goes through the transaction like any other setting: the engine writes the planned
/// <see cref="PlanRow.Desired"/>, journals the original and restores it on failure or rollback.
/// </summary>
public sealed class AtLeastTransactionTests
{
    private static readonly SettingKey TcpRmem = SettingKey.Sysctl("net.ipv4.tcp_rmem");
    private static readonly SettingKey Somaxconn = SettingKey.Sysctl("net.core.somaxconn");
    private static readonly SettingKey PortRange = SettingKey.Sysctl("net.ipv4.ip_local_port_range");

    private static (FakeSettingStore System, FaultInjectingStore Store, TransactionEngine Engine, InMemoryStateStore State) Setup()
    {
        var system = new FakeSettingStore()
            .Set(TcpRmem, "4096\t87380\t33554432")
            .Set(Somaxconn, "8192")
            .Set(PortRange, "32768\t60999");
        var store = new FaultInjectingStore(system);
        var state = new InMemoryStateStore();
        return (system, store, new TransactionEngine(store, state, new FixedTimeProvider()), state);
    }

    private static Profile FloorProfile() => Profile(new Dictionary<string, string>
    {
        ["net.ipv4.tcp_rmem"] = "4096 131072 16777216",
        ["net.core.somaxconn"] = "4096",
        ["net.ipv4.ip_local_port_range"] = "1024 65000",
    }) with { SysctlAtLeast = new HashSet<string>(StringComparer.Ordinal) { "net.ipv4.tcp_rmem", "net.core.somaxconn" } };

    private static TuningPlan Plan(TransactionEngine engine, FaultInjectingStore store)
    {
        var plan = engine.Plan(FloorProfile(), new SystemInventory(Hypervisor.Kvm, [], [], []), Facts());
        store.Reset();
        return plan;
    }

    [Fact]
    public void The_raised_value_is_written_and_journaled_with_the_original()
    {
        var (system, store, engine, state) = Setup();
        var plan = Plan(engine, store);
        Journal? journal = null;
        store.BeforeWrite = (index, _, _) =>
        {
            journal ??= state.Journal;
            return null;
        };

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal([(TcpRmem, "4096 131072 33554432"), (PortRange, "1024 65000")], store.WriteLog);
        Assert.Equal("4096 131072 33554432", system[TcpRmem]);
        Assert.Equal("8192", system[Somaxconn]);
        Assert.Equal(SettingStatus.Applied, result.Settings.Single(s => s.Key == TcpRmem).Status);
        Assert.Equal(SettingStatus.Unchanged, result.Settings.Single(s => s.Key == Somaxconn).Status);
        Assert.NotNull(journal);
        Assert.Equal(("4096\t87380\t33554432", "4096 131072 33554432"), (journal.Entries[0].Original, journal.Entries[0].Desired));
        Assert.Equal("4096\t87380\t33554432", state.Baseline.Settings.Single(s => s.Key == TcpRmem).Value);
    }

    [Fact]
    public void A_later_refusal_rolls_the_raised_value_back()
    {
        var (system, store, engine, state) = Setup();
        var before = system.Snapshot();
        var plan = Plan(engine, store);
        store.BeforeWrite = (_, key, _) => key == PortRange ? new SettingWriteException(key, Errnos.EINVAL, "Invalid argument") : null;

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Equal(SettingStatus.RolledBack, result.Settings.Single(s => s.Key == TcpRmem).Status);
        Assert.Equal(before, system.Snapshot());
        Assert.Equal("4096\t87380\t33554432", system[TcpRmem]);
        Assert.Null(state.Journal);
    }

    [Fact]
    public void Rollback_previous_restores_the_original_and_a_second_apply_changes_nothing_more()
    {
        var (system, store, engine, _) = Setup();
        var before = system.Snapshot();
        Assert.Equal(TransactionOutcome.Succeeded, engine.Apply(Plan(engine, store)).Outcome);

        // Re-planning after the apply: the floor is met, so the at-least row is unchanged (no drift to correct).
        Assert.Equal(PlanAction.Unchanged, Plan(engine, store).Rows.Single(r => r.Key == TcpRmem).Action);

        var rollback = engine.Rollback(RollbackTarget.Previous);

        Assert.Equal(TransactionOutcome.Succeeded, rollback.Outcome);
        Assert.Equal(before, system.Snapshot());
    }
}

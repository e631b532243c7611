using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Tests.Simulators;
using Xunit;

namespace Nictune.Tests.Transactions;

public sealed class ApplyTests
{
    private static readonly SettingKey Eth1Ring = SettingKey.Interface("eth1", "ring.rx");

    [Fact]
    public void A_clean_apply_changes_everything_records_baseline_and_history_and_clears_the_journal()
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal(0, result.ExitCode);
        Assert.All(result.Settings.Where(s => plan.Changes.Any(c => c.Key == s.Key)), s => Assert.Equal(SettingStatus.Applied, s.Status));
        Assert.Equal("8192", scenario.System[Eth1Ring]);
        Assert.Equal("4096\t87380\t6291456", state.Baseline.Settings.Single(s => s.Key == SettingKey.Sysctl("net.ipv4.tcp_rmem")).Value);
        Assert.Equal(plan.Changes.Count(c => c.Current is not null), state.Baseline.Settings.Count);
        Assert.Null(state.Journal);
        Assert.Equal(result, state.History.Previous());
    }

    [Fact]
    public void The_journal_holds_every_original_before_the_first_change()
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);
        Journal? seen = null;
        scenario.Store.BeforeWrite = (index, _, _) =>
        {
            if (index == 0)
            {
                seen = state.Journal;
            }

            return null;
        };

        engine.Apply(plan);

        Assert.NotNull(seen);
        Assert.Equal(plan.Changes.Select(c => (c.Key, c.Current)), seen.Entries.Select(e => (e.Key, e.Original)));
    }

    public static TheoryData<int> WriteSteps() => [.. Enumerable.Range(0, Scenario.WriteCount())];

    [Theory]
    [MemberData(nameof(WriteSteps))]
    public void A_failed_write_at_any_step_rolls_everything_back_byte_for_byte(int step)
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);
        var writes = plan.Changes.ToList();
        scenario.Store.BeforeWrite = (index, key, _) => index == step ? new SettingWriteException(key, Errnos.ENOMEM, "Cannot allocate memory") : null;

        var result = engine.Apply(plan);

        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Equal(1, result.ExitCode);
        var failed = Assert.Single(result.Settings, s => s.Status == SettingStatus.Failed);
        Assert.Equal((writes[step].Key, (int?)Errnos.ENOMEM), (failed.Key, failed.Errno));
        Assert.All(writes.Take(step), w => Assert.Equal(SettingStatus.RolledBack, result.Settings.Single(s => s.Key == w.Key).Status));

        // The rest of the failing write's request (a device's ring sizes go in one) was written with it and undone.
        Assert.All(writes.Skip(step + 1), w => Assert.Equal(
            SameRequest(w.Key, writes[step].Key) ? SettingStatus.RolledBack : SettingStatus.NotAttempted,
            result.Settings.Single(s => s.Key == w.Key).Status));
        Assert.Empty(result.LeftChanged);
        Assert.Null(state.Journal);
        Assert.Null(state.History.Previous());
    }

    private static bool SameRequest(SettingKey a, SettingKey b) =>
        a.Target == b.Target && SettingNames.KindOf(a.Name) == SettingNames.KindOf(b.Name) && SettingNames.IsWrittenTogether(SettingNames.KindOf(a.Name));

    [Theory]
    [MemberData(nameof(WriteSteps))]
    public void A_permanent_refusal_at_any_step_is_met_with_every_other_one_in_one_pass_then_rolled_back(int step)
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);
        var writes = plan.Changes.ToList();
        var last = writes.Count - 1;
        int[] permanent = [Errnos.EROFS, Errnos.EACCES, Errnos.EPERM, Errnos.EINVAL, Errnos.ENOENT];
        scenario.Store.BeforeWrite = (index, key, _) => index == step || index == last
            ? new SettingWriteException(key, permanent[index % permanent.Length], "refused")
            : null;

        var result = engine.Apply(plan);

        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        var refused = result.Settings.Where(s => s.Status == SettingStatus.Failed).Select(s => s.Key).ToHashSet();
        Assert.Equal(new[] { writes[step].Key, writes[last].Key }.ToHashSet(), refused);
        Assert.All(writes.Where(w => !refused.Contains(w.Key)), w => Assert.Equal(SettingStatus.RolledBack, result.Settings.Single(s => s.Key == w.Key).Status));
        Assert.Empty(result.LeftChanged);
        Assert.Null(state.Journal);
    }

    /// <summary>The steps whose write changes the value: a row that writes back what it holds (kept across a link
    /// reset) cannot be told from an ignored write.</summary>
    public static TheoryData<int> ChangingWriteSteps()
    {
        var scenario = Scenario.Create();
        var changes = scenario.Plan(scenario.Engine(new InMemoryStateStore())).Changes.ToList();
        return [.. Enumerable.Range(0, changes.Count).Where(i => !SettingValues.AreEqual(changes[i].Key, changes[i].Current, changes[i].Desired))];
    }

    [Theory]
    [MemberData(nameof(ChangingWriteSteps))]
    public void A_write_the_kernel_silently_ignores_fails_the_readback_and_rolls_back(int step)
    {
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new InMemoryStateStore());
        var plan = scenario.Plan(engine);
        var target = plan.Changes.ElementAt(step);
        scenario.Store.DropWrite = (index, _) => index == step;

        var result = engine.Apply(plan);

        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        var failed = Assert.Single(result.Settings, s => s.Status == SettingStatus.Failed);
        Assert.Equal(target.Key, failed.Key);
        Assert.StartsWith("readback: wrote", failed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WriteSteps))]
    public void An_unreadable_readback_fails_and_rolls_back(int step)
    {
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new InMemoryStateStore());
        var plan = scenario.Plan(engine);
        var target = plan.Changes.ElementAt(step).Key;
        var writesDone = plan.Changes.Count();
        var failedOnce = false;
        scenario.Store.OnRead = (key, reading) =>
        {
            if (key == target && scenario.Store.Writes == writesDone && !failedOnce)
            {
                failedOnce = true;
                return SettingReading.Unsupported("device vanished");
            }

            return reading;
        };

        var result = engine.Apply(plan);

        Assert.True(failedOnce);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Equal("readback failed: device vanished", result.Settings.Single(s => s.Key == target).Message);
    }

    [Fact]
    public void A_driver_that_rounds_toward_the_desired_value_is_adjusted_not_failed()
    {
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new InMemoryStateStore());
        var plan = scenario.Plan(engine);
        scenario.Store.Rewrite = (key, value) => key == Eth1Ring ? "6000" : value;

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        var ring = result.Settings.Single(s => s.Key == Eth1Ring);
        Assert.Equal((SettingStatus.Adjusted, "6000"), (ring.Status, ring.Actual));
        Assert.Equal("adjusted by the driver: wrote 8192, the kernel holds 6000", ring.Message);
        Assert.EndsWith("1 adjusted by the driver", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_driver_that_moves_away_from_the_desired_value_fails()
    {
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new InMemoryStateStore());
        var plan = scenario.Plan(engine);
        scenario.Store.Rewrite = (key, value) => key == Eth1Ring && value == "8192" ? "512" : value;

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
    }

    [Fact]
    public void Eopnotsupp_on_a_feature_or_coalesce_write_is_unsupported_not_a_failure()
    {
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new InMemoryStateStore());
        var plan = scenario.Plan(engine);
        scenario.Store.BeforeWrite = (_, key, _) => key.Name is "feature.rx-lro" or "coalesce.rx-usecs"
            ? new SettingWriteException(key, Errnos.EOPNOTSUPP, "Operation not supported")
            : null;

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        var unsupported = result.Settings.Where(s => s.Status == SettingStatus.Unsupported && s.Errno == Errnos.EOPNOTSUPP).Select(s => s.Key.Name);
        Assert.Equal(["coalesce.rx-usecs", "feature.rx-lro"], unsupported.Order(StringComparer.Ordinal));
        Assert.Equal("on", scenario.System[SettingKey.Interface("eth0", "feature.rx-lro")]);
    }

    [Fact]
    public void Queues_a_refused_channel_change_would_have_created_are_unsupported_not_written()
    {
        var system = new FakeSettingStore().Nic("eth0", "channels.combined", "2", 8).Nic("eth0", "channels.rx", "0", 0).Nic("eth0", "channels.tx", "0", 0)
            .Nic("eth0", "rps-cpus.rx-0", "00").Nic("eth0", "rps-cpus.rx-1", "00");
        var store = new FaultInjectingStore(system)
        {
            BeforeWrite = (_, key, _) => key.Name == "channels.combined" ? new SettingWriteException(key, Errnos.EOPNOTSUPP, "Operation not supported") : null,
        };
        var engine = new TransactionEngine(store, new InMemoryStateStore());
        var profile = TestProfiles.Profile(null, TestProfiles.Any(new InterfaceSettings
        {
            Channels = new ChannelSettings(Combined: ProfileValue.Of(4)),
            Rps = new RpsSettings(CpuSelection.All),
        }));
        var plan = engine.Plan(profile, TestProfiles.Inventory(TestProfiles.Nic("eth0", "mlx5_core", NicClass.SriovVf, queues: 2)), TestProfiles.Facts(cpus: 8));

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.Equal(["channels.combined", "rps-cpus.rx-0", "rps-cpus.rx-1"], store.WriteLog.Select(w => w.Key.Name));
        Assert.Equal("ff", system[SettingKey.Interface("eth0", "rps-cpus.rx-1")]);
        Assert.All(["rps-cpus.rx-2", "rps-cpus.rx-3"], name =>
        {
            var outcome = result.Settings.Single(s => s.Key.Name == name);
            Assert.Equal(SettingStatus.Unsupported, outcome.Status);
            Assert.Equal("not written: the channel change it depends on was refused", outcome.Message);
        });
    }

    [Fact]
    public void Eopnotsupp_on_a_ring_write_is_a_failure()
    {
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new InMemoryStateStore());
        var plan = scenario.Plan(engine);
        scenario.Store.BeforeWrite = (_, key, _) => key == Eth1Ring ? new SettingWriteException(key, Errnos.EOPNOTSUPP, "Operation not supported") : null;

        Assert.Equal(TransactionOutcome.FailedRolledBack, engine.Apply(plan).Outcome);
        Assert.Equal(scenario.Initial, scenario.System.Snapshot());
    }

    [Fact]
    public void A_plan_with_nothing_to_change_writes_nothing_and_records_nothing()
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        engine.Apply(scenario.Plan(engine));
        var second = scenario.Plan(engine);

        var result = engine.Apply(second);

        Assert.Equal(TransactionOutcome.NoChanges, result.Outcome);
        Assert.DoesNotContain(second.Rows, r => r.IsWrite && !SettingNames.IsSteering(r.Key.Name));
        Assert.Single(state.History.Transactions);
    }

    [Fact]
    public void An_interface_deleted_mid_pass_is_gone_not_a_failure_and_the_rest_is_applied()
    {
        var scenario = Scenario.Create();
        var state = new InMemoryStateStore();
        var engine = scenario.Engine(state);
        var plan = scenario.Plan(engine);
        scenario.Store.BeforeWrite = (_, key, _) =>
        {
            if (key.Target != "eth1")
            {
                return null;
            }

            scenario.System.RemoveInterface("eth1");
            return new SettingWriteException(key, Errnos.ENODEV, "No such device");
        };

        var result = engine.Apply(plan);

        Assert.Equal((TransactionOutcome.Succeeded, 0), (result.Outcome, result.ExitCode));
        Assert.All(result.Settings.Where(s => s.Key.Target == "eth1"), s => Assert.Equal(SettingStatus.Gone, s.Status));
        Assert.All(result.Settings.Where(s => s.Key.Target != "eth1"), s => Assert.NotEqual(SettingStatus.Failed, s.Status));
        Assert.Contains("interface is gone", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, scenario.Store.WriteLog.Count(w => w.Key.Target == "eth1"));
        Assert.Null(state.Journal);
    }

    [Fact]
    public void An_interface_deleted_before_a_later_failure_is_gone_in_the_rollback_not_left_changed()
    {
        var scenario = Scenario.Create();
        var engine = scenario.Engine(new InMemoryStateStore());
        var plan = scenario.Plan(engine);
        var last = plan.Changes.Count() - 1;
        scenario.Store.BeforeWrite = (index, key, _) =>
        {
            if (index != last)
            {
                return null;
            }

            scenario.System.RemoveInterface("eth0");
            return new SettingWriteException(key, Errnos.ENOMEM, "Cannot allocate memory");
        };

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.FailedRolledBack, result.Outcome);
        Assert.Empty(result.LeftChanged);
        Assert.DoesNotContain(result.Settings, s => s.Status == SettingStatus.RollbackFailed);
        Assert.All(result.Settings.Where(s => s.Key.Target == "eth0" && s.Status != SettingStatus.Unchanged), s => Assert.Equal(SettingStatus.Gone, s.Status));
    }

    [Fact]
    public void A_setting_on_a_read_only_mount_is_planned_unsupported_and_never_written()
    {
        var scenario = Scenario.Create();
        var somaxconn = SettingKey.Sysctl("net.core.somaxconn");
        var txqueuelen = SettingKey.Interface("eth1", "txqueuelen");
        scenario.System.ReadOnly(somaxconn, "read-only: /proc/sys/net/core/somaxconn is on a read-only mount")
            .ReadOnly(txqueuelen, "read-only: /sys/class/net/eth1/tx_queue_len is on a read-only mount");
        var engine = scenario.Engine(new InMemoryStateStore());
        var plan = scenario.Plan(engine);

        var rows = plan.Rows.Where(r => r.Key == somaxconn || r.Key == txqueuelen).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(PlanAction.Unsupported, r.Action));
        Assert.All(rows, r => Assert.Contains("read-only", r.Reason, StringComparison.Ordinal));

        var result = engine.Apply(plan);

        Assert.Equal(TransactionOutcome.Succeeded, result.Outcome);
        Assert.DoesNotContain(scenario.Store.WriteLog, w => w.Key == somaxconn || w.Key == txqueuelen);
        Assert.Equal("4096", scenario.System[somaxconn]);
    }
}

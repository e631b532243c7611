using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Host.Tuning;
using Xunit;

namespace Nictune.Tests.Host.Tuning;

/// <summary>The daemon's memory between passes, against plain plans and results: no kernel, no root.</summary>
public sealed class DriftLedgerTests
{
    private static readonly SettingKey Gro = SettingKey.Interface("eth0", "feature.rx-gro");
    private static readonly SettingKey Ring = SettingKey.Interface("eth0", "ring.rx");
    private static readonly SettingKey Somaxconn = SettingKey.Sysctl("net.core.somaxconn");

    private readonly DriftLedger _ledger = new();

    [Fact]
    public void Drift_is_reported_once_while_it_stays_and_again_when_its_value_moves()
    {
        _ledger.Observe(Inventory("eth0"), Plan(Unchanged(Gro, "on")), initial: true);

        var first = _ledger.Observe(Inventory("eth0"), Plan(Change(Gro, "off", "on")), initial: false);
        var same = _ledger.Observe(Inventory("eth0"), Plan(Change(Gro, "off", "on")), initial: false);
        var moved = _ledger.Observe(Inventory("eth0"), Plan(Change(Ring, "256", "1024"), Change(Gro, "off", "on")), initial: false);

        Assert.Equal([Gro], first.NewDrift.Select(r => r.Key));
        Assert.Empty(same.NewDrift);
        Assert.Equal([Ring], moved.NewDrift.Select(r => r.Key));
    }

    [Fact]
    public void Steering_rewritten_with_the_value_it_holds_is_never_drift()
    {
        // Issue 22 (4): after a link reset every kept RPS/XPS row was logged "holds 0, the profile wants 0 (correcting)".
        // The link-reset guard plans them as writes of the value they hold, in any of the kernel's spellings of a mask.
        var rps = SettingKey.Interface("eth0", "rps-cpus.rx-0");
        var xps = SettingKey.Interface("eth0", "xps-cpus.tx-0");
        _ledger.Observe(Inventory("eth0"), Plan(Unchanged(Ring, "1024")), initial: true);

        var seen = _ledger.Observe(Inventory("eth0"),
            Plan(Change(Ring, "512", "1024"), new PlanRow(rps, "00000000", null, "0", PlanAction.Change, "kept"), new PlanRow(xps, "0,00000000", null, "0", PlanAction.Change, "kept")),
            initial: false);

        Assert.Equal([Ring], seen.NewDrift.Select(r => r.Key));
        Assert.Equal([Ring], seen.Changes.Select(r => r.Key));
        Assert.Equal(3, seen.Plan.Changes.Count());
    }

    [Fact]
    public void After_a_successful_correction_the_same_drift_is_reported_again()
    {
        _ledger.Observe(Inventory("eth0"), Plan(Unchanged(Gro, "on")), initial: true);
        _ledger.Observe(Inventory("eth0"), Plan(Change(Gro, "off", "on")), initial: false);

        _ledger.Learn(Result(TransactionOutcome.Succeeded, Outcome(Gro, SettingStatus.Applied)));
        var again = _ledger.Observe(Inventory("eth0"), Plan(Change(Gro, "off", "on")), initial: false);

        Assert.Equal([Gro], again.NewDrift.Select(r => r.Key));
    }

    [Fact]
    public void Initial_passes_report_no_drift_and_a_new_interface_is_not_drift()
    {
        var boot = _ledger.Observe(Inventory("eth0"), Plan(Change(Gro, "off", "on")), initial: true);
        var hotplug = _ledger.Observe(Inventory("eth0", "eth1"), Plan(Change(SettingKey.Interface("eth1", "ring.rx"), "256", "1024")), initial: false);

        Assert.Empty(boot.NewDrift);
        Assert.Empty(boot.Added);
        Assert.Empty(hotplug.NewDrift);
        Assert.Equal([("eth1", 1)], hotplug.Added);
    }

    [Fact]
    public void A_refused_write_is_set_aside_until_the_value_wanted_changes_or_the_configuration_does()
    {
        _ledger.Learn(Result(TransactionOutcome.FailedRolledBack, Outcome(Ring, SettingStatus.Failed, desired: "4096")));

        var plan = Plan(Change(Ring, "256", "4096"), Change(Gro, "off", "on"));
        Assert.Equal([Gro], _ledger.WithoutSetAside(plan, Inventory("eth0")).Rows.Select(r => r.Key));

        var otherValue = Plan(Change(Ring, "256", "2048"));
        Assert.Equal([Ring], _ledger.WithoutSetAside(otherValue, Inventory("eth0")).Rows.Select(r => r.Key));

        _ledger.ForgetSetAside();
        Assert.Equal(2, _ledger.WithoutSetAside(plan, Inventory("eth0")).Rows.Count);
    }

    [Fact]
    public void A_correction_is_set_aside_only_when_the_ledger_set_it_aside_and_a_transient_failure_is_failed()
    {
        // Issue 24 (2): every failed correction was reported set_aside, though EBUSY, EIO and ENOMEM are retried.
        var mtu = SettingKey.Interface("eth0", "mtu");
        var busy = SettingKey.Interface("eth0", "channels.combined");
        var drift = Plan(Change(Gro, "off", "on"), Change(Ring, "256", "4096"), Change(Somaxconn, "4096", "8192"), Change(mtu, "1500", "9000"), Change(busy, "1", "4"));
        _ledger.Observe(Inventory("eth0"), Plan(Unchanged(Gro, "on")), initial: true);
        var seen = _ledger.Observe(Inventory("eth0"), drift, initial: false);
        var result = Result(TransactionOutcome.FailedRolledBack,
            Outcome(Gro, SettingStatus.RolledBack),
            Outcome(Ring, SettingStatus.Failed, desired: "4096") with { Errno = Errnos.EINVAL },
            Outcome(Somaxconn, SettingStatus.Failed, desired: "8192") with { Errno = Errnos.EIO },
            Outcome(mtu, SettingStatus.Failed, desired: "9000") with { Errno = Errnos.ENOMEM },
            Outcome(busy, SettingStatus.Failed, desired: "4") with { Errno = Errnos.EBUSY });

        var setAside = _ledger.Learn(result);
        var outcomes = DriftLedger.Corrections(seen.NewDrift, result, setAside).ToDictionary(c => c.Drift.Key, c => c.Outcome);

        Assert.Equal([Ring], setAside.Select(s => s.Key));
        Assert.Equal(DriftOutcome.SetAside, outcomes[Ring]);
        Assert.Equal(DriftOutcome.Failed, outcomes[Somaxconn]);
        Assert.Equal(DriftOutcome.Failed, outcomes[mtu]);
        Assert.Equal(DriftOutcome.Failed, outcomes[busy]);
        Assert.Equal(DriftOutcome.Failed, outcomes[Gro]);
        Assert.Equal(1, _ledger.SetAsideCount);
    }

    [Fact]
    public void A_drift_written_back_is_corrected_with_the_value_read_back()
    {
        _ledger.Observe(Inventory("eth0"), Plan(Unchanged(Ring, "4096")), initial: true);
        var seen = _ledger.Observe(Inventory("eth0"), Plan(Change(Ring, "256", "4096")), initial: false);
        var result = Result(TransactionOutcome.Succeeded, Outcome(Ring, SettingStatus.Adjusted, desired: "4096") with { Actual = "4064" });

        var corrected = Assert.Single(DriftLedger.Corrections(seen.NewDrift, result, _ledger.Learn(result)));

        Assert.Equal((Ring, "4064", DriftOutcome.Corrected), (corrected.Drift.Key, corrected.Value, corrected.Outcome));
    }

    [Fact]
    public void A_setting_set_aside_is_still_managed_and_left_out_of_the_plan_to_apply()
    {
        _ledger.Observe(Inventory("eth0"), Plan(Change(Somaxconn, "4096", "8192"), Change(Gro, "off", "on")), initial: true);
        _ledger.Learn(Result(TransactionOutcome.FailedRolledBack, Outcome(Somaxconn, SettingStatus.Failed, desired: "8192")));

        var retry = _ledger.Observe(Inventory("eth0"), Plan(Change(Somaxconn, "4096", "8192"), Change(Gro, "off", "on")), initial: true);

        Assert.Empty(retry.NoLongerManaged);
        Assert.Equal([Gro], retry.Plan.Rows.Select(r => r.Key));
        Assert.Equal([Gro], retry.Changes.Select(r => r.Key));
    }

    [Fact]
    public void What_is_kept_for_an_interface_is_forgotten_when_it_goes()
    {
        _ledger.Observe(Inventory("eth0"), Plan(Change(Ring, "256", "4096")), initial: true);
        _ledger.Learn(Result(TransactionOutcome.FailedRolledBack, Outcome(Ring, SettingStatus.Failed, desired: "4096")));

        var gone = _ledger.Observe(Inventory(), Plan(Change(Somaxconn, "4096", "8192")), initial: false);

        Assert.Equal(["eth0"], gone.Removed);
        Assert.Equal(0, _ledger.SetAsideCount);
        Assert.DoesNotContain(_ledger.Reported.Keys, k => k.Target == "eth0");

        // The same name back (another device, perhaps) is tuned, not skipped.
        var back = _ledger.Observe(Inventory("eth0"), _ledger.WithoutSetAside(Plan(Change(Ring, "256", "4096")), Inventory("eth0")), initial: false);
        Assert.Equal([Ring], back.Changes.Select(r => r.Key));
        Assert.Equal([("eth0", 1)], back.Added);
    }

    [Fact]
    public void A_profile_change_names_what_the_old_profile_managed_and_the_new_one_does_not()
    {
        _ledger.Observe(Inventory("eth0", "eth1"), Plan(Unchanged(Gro, "on"), Unchanged(Somaxconn, "8192"), Unchanged(SettingKey.Interface("eth1", "mtu"), "9000")), initial: true);

        var reload = _ledger.Observe(Inventory("eth0"), Plan(Unchanged(Gro, "on")), initial: true);

        // eth1 is gone: its settings are not "no longer managed", they are nowhere.
        Assert.Equal([Somaxconn], reload.NoLongerManaged);
    }

    private static SystemInventory Inventory(params string[] names) =>
        new(Hypervisor.None, [.. names.Select(n => new NetInterface { Name = n, Queues = new QueueCounts(1, 1) })], [], []);

    private static TuningPlan Plan(params PlanRow[] rows) => new("test", "test.yaml", rows, []);

    private static PlanRow Change(SettingKey key, string current, string desired) => new(key, current, desired, desired, PlanAction.Change, "profile");

    private static PlanRow Unchanged(SettingKey key, string value) => new(key, value, value, value, PlanAction.Unchanged, "profile");

    private static SettingOutcome Outcome(SettingKey key, SettingStatus status, string? desired = "x") =>
        new(key, status, "orig", desired, null, null, status.ToString());

    private static TransactionResult Result(TransactionOutcome outcome, params SettingOutcome[] settings) =>
        new("t1", TransactionKind.Reconcile, "test", outcome, settings, outcome.ToString(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}

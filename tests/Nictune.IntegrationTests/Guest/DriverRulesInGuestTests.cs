using System.Text.Json;
using Xunit;

namespace Nictune.IntegrationTests.Guest;

/// <summary>
/// Issue 22's driver rules on the real drivers: driver-rules-scenarios.sh, the script the simulators'
/// RealDriverRuleTests mirror, run once in the guest; each test checks one defect's sections against what
/// <c>ethtool</c> and sysfs showed in the same run.
/// </summary>
public sealed partial class QemuGuestTests
{
    private static readonly TimeSpan DriverRulesTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void Vmxnet3_at_mtu_9000_a_baseline_rollback_the_driver_rounds_is_not_restored_and_says_what_it_left()
    {
        var guest = DriverRules();
        var rollback = guest.Json("d2-rollback");
        Assert.True(guest.Exit("d2-rollback") != 0, guest["d2-rollback"]);
        Assert.Equal("rollback-failed", Result(rollback).GetProperty("outcome").GetString());
        var rx = Assert.Single(Settings(rollback), s => Name(s) == "ring.rx");
        var held = CurrentField(guest["d2-ethtool"], "RX");
        Assert.NotEqual("1024", held);
        Assert.True(rx.GetProperty("notRestored").GetBoolean(), rx.ToString());
        Assert.Equal(("rollback-failed", held, "1024"), (rx.GetProperty("status").GetString(), rx.GetProperty("actual").GetString(), rx.GetProperty("desired").GetString()));
    }

    [Fact]
    public void Vmxnet3_an_mtu_raised_after_tuning_is_invisible_to_ethtool_and_plans_no_change()
    {
        var guest = DriverRules();
        Assert.Equal(0, guest.Exit("d7-apply"));
        Assert.Equal("4096", CurrentField(guest["d7-ethtool"], "RX"));
        var plan = guest.Json("d7-plan");
        Assert.Equal("unchanged", Action(PlanRow(plan, "ring.rx")));
        Assert.Equal(0, plan.RootElement.GetProperty("plan").GetProperty("changeCount").GetInt32());
    }

    [Fact]
    public void Vmxnet3_every_ring_field_goes_in_one_request_so_the_device_resets_once()
    {
        var guest = DriverRules();
        Assert.Equal(0, guest.Exit("d5-apply"));
        var written = Settings(guest.Json("d5-apply")).Where(s => Name(s).StartsWith("ring.", StringComparison.Ordinal) && s.GetProperty("status").GetString() is "applied" or "adjusted").ToList();
        Assert.Equal(3, written.Count);
        // One reset: the carrier goes down and up once (before the fix, once per ring field: 6).
        Assert.Equal(2, int.Parse(guest["d5-carrier-after"], System.Globalization.CultureInfo.InvariantCulture) - int.Parse(guest["d5-carrier-before"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Virtio_net_refuses_coalescing_and_the_refusal_is_remembered_not_made_previous()
    {
        var guest = DriverRules();
        var apply = guest.Json("d3-apply");
        var refused = Settings(apply).Where(s => Name(s) == "coalesce.rx-usecs").ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, s => Assert.Equal(("unsupported", 95), (s.GetProperty("status").GetString(), s.GetProperty("errno").GetInt32())));

        Assert.Equal(0, guest.Exit("d3-rollback-previous"));
        Assert.Equal("no-changes", Result(guest.Json("d3-rollback-previous")).GetProperty("outcome").GetString());

        var plan = guest.Json("d3-plan");
        var rows = PlanRows(plan, "coalesce.rx-usecs");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("unsupported", Action(r)));
        Assert.All(rows, r => Assert.Contains("EOPNOTSUPP", r.GetProperty("reason").GetString(), StringComparison.Ordinal));
        Assert.False(plan.RootElement.GetProperty("plan").GetProperty("hasChanges").GetBoolean(), guest["d3-plan"]);
    }

    [Fact]
    public void Virtio_net_rings_are_planned_as_a_power_of_two_written_without_failure_and_max_is_the_created_ring()
    {
        var guest = DriverRules();
        var plan = guest.Json("d8-plan");
        var rows = PlanRows(plan, "ring.rx").Concat(PlanRows(plan, "ring.tx")).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(("clamped", "128"), (Action(r), r.GetProperty("desired").GetString())));

        Assert.True(guest.Exit("d8-apply") == 0, guest["d8-apply"]);
        Assert.Equal("succeeded", Result(guest.Json("d8-apply")).GetProperty("outcome").GetString());
        Assert.Equal(("128", "128"), (CurrentField(guest["d8-ethtool"], "RX"), CurrentField(guest["d8-ethtool"], "TX")));

        var max = PlanRows(guest.Json("d8-max"), "ring.rx");
        Assert.NotEmpty(max);
        Assert.All(max, r => Assert.Equal(("unchanged", "256"), (Action(r), r.GetProperty("desired").GetString())));
    }

    [Fact]
    public void E1000e_rx_usecs_modes_are_written_and_a_value_the_driver_refuses_is_unsupported_at_plan_time()
    {
        var guest = DriverRules();
        // The driver itself refuses 5 (neither a mode 0-4 nor a delay 10-10000).
        Assert.DoesNotContain("exit 0", guest["d6-ethtool-5"], StringComparison.Ordinal);
        Assert.Equal("unsupported", Action(Assert.Single(PlanRows(guest.Json("d6-plan-5"), "coalesce.rx-usecs"))));

        Assert.True(guest.Exit("d6-apply-4") == 0, guest["d6-apply-4"]);
        Assert.Equal("applied", Assert.Single(Settings(guest.Json("d6-apply-4")), s => Name(s) == "coalesce.rx-usecs").GetProperty("status").GetString());
        Assert.Contains(Lines(guest["d6-ethtool-c"]), l => Words(l) == "rx-usecs: 4");
    }

    [Fact]
    public void Vmxnet3_a_plan_counts_kept_steering_as_writes_not_changes_and_clamps_above_the_maximum()
    {
        var guest = DriverRules();
        var plan = guest.Json("d10-plan");
        var rows = plan.RootElement.GetProperty("plan").GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(1, plan.RootElement.GetProperty("plan").GetProperty("changeCount").GetInt32());
        var change = Assert.Single(rows, r => r.GetProperty("changesValue").GetBoolean());
        Assert.Equal(("ring.rx", "change", "2048"), (Name(change), Action(change), change.GetProperty("desired").GetString()));
        // The ring's reset clears steering, so the plan writes RPS and XPS again: writes, each already holding what it will write.
        var kept = rows.Where(r => r.GetProperty("isWrite").GetBoolean() && !r.GetProperty("changesValue").GetBoolean()).ToList();
        Assert.Contains(kept, r => Name(r) == "rps-cpus.rx-0");
        Assert.All(kept, r => Assert.True(Name(r).StartsWith("rps-", StringComparison.Ordinal) || Name(r).StartsWith("xps-", StringComparison.Ordinal), Name(r)));
        Assert.All(kept, r => Assert.Equal(r.GetProperty("current").GetString(), r.GetProperty("desired").GetString()));
        Assert.Equal("clamped", Action(Assert.Single(PlanRows(guest.Json("d10-clamped"), "ring.rx"))));
    }

    /// <summary>The scenarios run once per guest, with the guest's nictune.</summary>
    private ScenarioSections DriverRules() => new(DriverRulesOutput());

    private string DriverRulesOutput() => fixture.RunOnce(
        "driver-rules",
        $"NICTUNE={QemuGuest.Nictune}\n" + File.ReadAllText(DriverRulesScript),
        DriverRulesTimeout).Output;

    private static string DriverRulesScript => Path.Join(GuestImage.ScriptDirectory, "driver-rules-scenarios.sh");

    private static JsonElement Result(JsonDocument document) => document.RootElement.GetProperty("result");

    private static List<JsonElement> Settings(JsonDocument document) => [.. Result(document).GetProperty("settings").EnumerateArray()];

    private static string Action(JsonElement row) => row.GetProperty("action").GetString()!;

    private static List<JsonElement> PlanRows(JsonDocument plan, string name) =>
        [.. plan.RootElement.GetProperty("plan").GetProperty("rows").EnumerateArray().Where(r => Name(r) == name)];

    private static JsonElement PlanRow(JsonDocument plan, string name) => Assert.Single(PlanRows(plan, name));

    /// <summary>A field of the "Current hardware settings" part of one interface's <c>ethtool -g</c> or <c>-l</c> output.</summary>
    internal static string? CurrentField(string ethtool, string field)
    {
        var current = false;
        foreach (var line in Lines(ethtool))
        {
            current |= line.StartsWith("Current hardware settings", StringComparison.Ordinal);
            if (current && line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return line[(field.Length + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>Sections of driver-rules-scenarios.sh: one that ran nictune ends with an <c>exit N</c> line.</summary>
    private sealed class ScenarioSections(string output)
    {
        private readonly GuestSections _sections = new(output);

        public string this[string name] => _sections[name].Trim();

        public int Exit(string name) =>
            Lines(_sections[name]).LastOrDefault(l => l.StartsWith("exit ", StringComparison.Ordinal)) is { } line
                ? int.Parse(line["exit ".Length..], System.Globalization.CultureInfo.InvariantCulture)
                : throw new Xunit.Sdk.XunitException($"section {name} has no exit line:\n{_sections[name]}");

        public JsonDocument Json(string name)
        {
            var text = _sections[name];
            var end = text.LastIndexOf("\nexit ", StringComparison.Ordinal);
            try
            {
                return JsonDocument.Parse(end < 0 ? text : text[..end]);
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"section {name} is not JSON ({e.Message}):\n{text}");
            }
        }
    }
}

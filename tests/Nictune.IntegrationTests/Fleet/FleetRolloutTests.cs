using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Fleet;

/// <summary>
/// Issue 25: the shipped rollout playbook (<c>nictune.agent.rollout</c>, docs/fleet.md) over six real agents, the
/// first three of them canaries, stops where it should: with one canary down, with a canary whose kernel refuses a
/// setting, and with a wave host that refuses. No host past the failure is pushed, read back in each namespace with cat
/// and sysctl. The refusal is the kernel's own: <c>net.ipv4.ip_local_port_range</c> may not start below
/// <c>net.ipv4.ip_unprivileged_port_start</c> (EINVAL), which the test raises in the refusing host's namespace only.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(FleetSerial.Name)]
public sealed class FleetRolloutTests
{
    private const int Agents = 6;
    private const int Canaries = 3;
    private const string Range = "40000 60000";

    [Fact]
    public void The_rollout_stops_on_any_failing_canary_and_on_a_wave_host_whose_kernel_refuses_a_setting()
    {
        var log = TestContext.Current.TestOutputHelper;
        Prerequisite.RequireTool("curl");
        using var fleet = new FleetAgents(Agents);
        var ansible = new AnsibleController(fleet);

        // Three canaries, one of them down: the two others are pushed, and no wave starts.
        var down = ansible.RolloutInventory("down", Canaries, i => i == 1 ? "nictune_target=unix:///nonexistent/nictune.sock" : string.Empty);
        var first = ansible.Rollout(down, ansible.WriteProfile("r1", Profile("5000")));
        log?.WriteLine($"canary down: {first.Duration.TotalSeconds:0.0} s");
        Assert.NotEqual(0, first.ExitCode);
        Assert.True(first.Results.TryGetValue("a1", out var unreachable) && unreachable.State == "FAILED!", first.Output);
        Assert.Equal(["5000", "1000", "5000", "1000", "1000", "1000"], TxQueueLengths(fleet));
        Assert.All(Enumerable.Range(Canaries, Agents - Canaries), i => Assert.False(first.Results.ContainsKey(FleetAgents.HostName(i)), first.Output));

        // A canary whose kernel refuses the port range: the agent applies the rest without it, and the task fails
        // naming the setting and its errno. No wave starts.
        Refuse(fleet, 1);
        var all = ansible.RolloutInventory("all", Canaries);
        var second = ansible.Rollout(all, ansible.WriteProfile("r2", Profile("6000")));
        log?.WriteLine($"canary refuses: {second.Duration.TotalSeconds:0.0} s");
        Assert.NotEqual(0, second.ExitCode);
        Assert.True(second.Results.TryGetValue("a1", out var refusing) && refusing.State == "FAILED!", second.Output);
        Assert.Contains("not wholly in force: the kernel refused sysctl net.ipv4.ip_local_port_range 40000", refusing.Message, StringComparison.Ordinal);
        Assert.Contains("(EINVAL)", refusing.Message, StringComparison.Ordinal);
        Assert.Equal(["6000", "6000", "6000", "1000", "1000", "1000"], TxQueueLengths(fleet));
        Assert.Equal("50000 60000", PortRange(fleet, 1));
        Assert.Equal(Range, PortRange(fleet, 0));

        // The fleet view: that agent's last transaction (the retry that wrote the rest) reads partial.
        var metrics = fleet.Hub.CheckExec("curl", "-sf", $"http://{FleetAgents.MetricsEndpoint(1)}/metrics");
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("nictune_last_transaction_info{", StringComparison.Ordinal) && l.Contains("result=\"partial\"", StringComparison.Ordinal));

        // The same through the CLI: exit 5, and the refused setting named with what the kernel holds (the kernel holds the
        // rest already, so the answer says so without a transaction of its own).
        var push = FleetAgents.Nictune("push", Path.Join(fleet.Root, "ansible", "r2.yaml"), "--apply", "--target", fleet.Target(1));
        Assert.True(push.ExitCode == 5, push.Stdout + push.Stderr);
        Assert.Contains("NOT IN FORCE: sysctl net.ipv4.ip_local_port_range holds 50000", push.Stdout, StringComparison.Ordinal);
        Assert.Contains("NOT WHOLLY IN FORCE: ", push.Stdout, StringComparison.Ordinal);

        // Every canary takes it now; the second wave's host refuses: the third wave is never pushed.
        Accept(fleet, 1);
        Refuse(fleet, 4);
        var third = ansible.Rollout(all, ansible.WriteProfile("r3", Profile("7000")));
        log?.WriteLine($"wave host refuses: {third.Duration.TotalSeconds:0.0} s");
        Assert.NotEqual(0, third.ExitCode);
        Assert.True(third.Results.TryGetValue("a4", out var wave) && wave.State == "FAILED!", third.Output);
        Assert.Contains("(EINVAL)", wave.Message, StringComparison.Ordinal);
        Assert.Equal(["7000", "7000", "7000", "7000", "7000", "1000"], TxQueueLengths(fleet));
        Assert.False(third.Results.ContainsKey("a5"), third.Output);
    }

    [Fact]
    public void The_rollout_stops_when_a_canary_cannot_confirm_its_change_and_the_agent_reverts_it()
    {
        using var fleet = new FleetAgents(4);
        var ansible = new AnsibleController(fleet);
        var socket = fleet.Target(1)["unix://".Length..];
        var cut = ControlPathCut.Write(fleet.Root, socket, restoredByRevert: true);

        // Two canaries: a0 confirms (a 30 s window, which a loaded machine's CLI start-up cannot miss); a1's push (a
        // 10 s window) cuts its control path until its agent reverts the change, so its confirmation cannot get
        // through. The module reconnects after a1's deadline and fails with the revert the agent recorded; no wave
        // starts.
        var inventory = ansible.RolloutInventory("cut", 2, i => i switch
        {
            0 => "nictune_confirm_within=30s",
            1 => $"nictune_confirm_within=10s nictune_bin={cut}",
            _ => string.Empty,
        });
        var run = ansible.Rollout(inventory, ansible.WriteProfile("c1", Profile("5000")));
        TestContext.Current.TestOutputHelper?.WriteLine($"canary cut off: {run.Duration.TotalSeconds:0.0} s");
        Assert.False(ControlPathCut.IsCut(socket), "a1's socket was not put back after the revert");
        Assert.NotEqual(0, run.ExitCode);
        Assert.True(run.Results.TryGetValue("a1", out var cutOff) && cutOff.State == "FAILED!", run.Output);
        Assert.Contains("could not be confirmed", cutOff.Message, StringComparison.Ordinal);
        Assert.Contains("the agent reverted it at its deadline", cutOff.Message, StringComparison.Ordinal);
        Assert.Equal("OUTCOME_UNCONFIRMED_REVERTED", cutOff.Result.GetProperty("revert").GetProperty("outcome").GetString());
        Assert.True(cutOff.Result.GetProperty("revert").GetProperty("verified").GetBoolean(), cutOff.Result.ToString());
        Assert.True(run.Results.TryGetValue("a0", out var confirmed) && confirmed.Result.GetProperty("confirmed").GetBoolean(), run.Output);
        Assert.False(run.Results.ContainsKey("a2"), run.Output);
        Assert.False(run.Results.ContainsKey("a3"), run.Output);

        // a1's values are back (its agent reverted at the deadline, read with cat and sysctl); a0's change, confirmed,
        // still holds after its own deadline passed; the waves were never pushed.
        var deadline = DateTimeOffset.Parse(confirmed.Result.GetProperty("transaction").GetProperty("confirmDeadline").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Poll.Until(() => DateTimeOffset.UtcNow > deadline.AddSeconds(3), Poll.Soon), "a0's deadline never passed");
        Assert.True(Poll.Until(() => TxQueueLengths(fleet).SequenceEqual(["5000", "1000", "1000", "1000"]), Poll.Soon), string.Join(' ', TxQueueLengths(fleet)));
        Assert.Equal(Range, PortRange(fleet, 0));
        Assert.NotEqual(Range, PortRange(fleet, 1));
    }

    private static string Profile(string txqueuelen) => $"""
        name: rollout
        description: what the rollout test pushes
        sysctl:
          net.ipv4.ip_local_port_range: "{Range}"
        interfaces:
          - match: {"{"} driver: [veth], name: "fl*" {"}"}
            txqueuelen: {txqueuelen}
        """;

    /// <summary>Agent i's kernel refuses <see cref="Range"/>: its local ports start above 45000, unprivileged ones at 45000.</summary>
    private static void Refuse(FleetAgents fleet, int i) =>
        fleet.Namespace(i).CheckExec("sh", "-c", "sysctl -qw net.ipv4.ip_local_port_range='50000 60000' && sysctl -qw net.ipv4.ip_unprivileged_port_start=45000");

    private static void Accept(FleetAgents fleet, int i) =>
        fleet.Namespace(i).CheckExec("sysctl", "-qw", "net.ipv4.ip_unprivileged_port_start=1024");

    private static string PortRange(FleetAgents fleet, int i) =>
        string.Join(' ', fleet.Namespace(i).CheckExec("sysctl", "-n", "net.ipv4.ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static string[] TxQueueLengths(FleetAgents fleet) =>
        [.. Enumerable.Range(0, fleet.Count).Select(i => fleet.Read(i).TxQueueLength)];
}

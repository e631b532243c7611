using System.Globalization;
using System.Text.Json;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Daemon;

/// <summary>
/// Issue 25: an apply whose only write the kernel refuses rolls back, and its retry without the refused setting has
/// nothing left to write. The answer is partial; the last recorded transaction must say so too (the status, the
/// history, <c>nictune_transactions_total</c> and <c>nictune_last_transaction_info</c>), not the rolled-back one. The
/// refusal is the kernel's own, in the test's namespace: <c>net.ipv4.ip_local_port_range</c> may not start below
/// <c>net.ipv4.ip_unprivileged_port_start</c> (EINVAL).
/// </summary>
public sealed class PartialRecordTests
{
    private const int MetricsPort = 10910;

    private const string Refused = """
        name: refused
        sysctl:
          net.ipv4.ip_local_port_range: "40000 60000"
        """;

    [Fact]
    public void A_partial_apply_whose_retry_writes_nothing_is_the_last_recorded_transaction_everywhere()
    {
        Prerequisite.RequireTool("curl");
        using var ns = new DaemonNamespace();
        ns.WriteProfile("refused", Refused);
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h") + $"""

            metrics:
              listen: ["127.0.0.1:{MetricsPort}"]
            """));
        agent.WaitForLine("Boot tune done", Poll.Boot);
        var target = "unix://" + ns.ApiSocket;
        ns.Namespace.CheckExec("sh", "-c", "sysctl -qw net.ipv4.ip_local_port_range='50000 60000' && sysctl -qw net.ipv4.ip_unprivileged_port_start=45000");

        var apply = ns.Nictune("apply", "--profile", "refused", "--target", target);

        Assert.True(apply.ExitCode == 5, $"exit {apply.ExitCode}: {apply.Stdout}{apply.Stderr}");
        Assert.Contains("not wholly in force: the kernel refused sysctl net.ipv4.ip_local_port_range 40000 60000 (EINVAL)", apply.Stdout + apply.Stderr, StringComparison.Ordinal);
        Assert.Equal("50000 60000", string.Join(' ', ns.Namespace.CheckExec("sysctl", "-n", "net.ipv4.ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));

        var status = ns.Nictune("status", "--json", "--target", target);
        Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
        var last = JsonDocument.Parse(status.Stdout).RootElement.GetProperty("lastTransaction");
        Assert.Equal("OUTCOME_PARTIAL", last.GetProperty("outcome").GetString());
        var id = last.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id), last.ToString());

        // The history's last record is that transaction, partial; the one before it is the rolled-back apply.
        var history = File.ReadAllLines(Path.Join(ns.StateDir, "history.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal((id, "Partial"), (history[^1].GetProperty("id").GetString(), history[^1].GetProperty("outcome").GetString()));
        Assert.Equal("FailedRolledBack", history[^2].GetProperty("outcome").GetString());

        var metrics = ns.Namespace.CheckExec("curl", "-sS", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{MetricsPort}/metrics")).Split('\n');
        Assert.Contains("nictune_transactions_total{verb=\"apply\",result=\"partial\"} 1", metrics);
        Assert.Contains("nictune_transactions_total{verb=\"apply\",result=\"rolled_back\"} 1", metrics);
        Assert.Contains(metrics, l => l.StartsWith("nictune_last_transaction_info{", StringComparison.Ordinal) && l.Contains("result=\"partial\"", StringComparison.Ordinal));
    }
}

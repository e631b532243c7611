using System.Globalization;
using Nictune.IntegrationTests.Daemon;
using Nictune.Testing;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// What READY=1 promises the API's clients (docs/architecture.md, "The daemon"): the boot tune is done and the API's
/// socket listens, while the web server may still be starting. A client that connects then waits in the kernel's
/// backlog and is answered; health says NOT_SERVING during the boot tune and SERVING from READY=1 on. The clients are
/// Debian's python3-grpcio and the real `nictune status`; the backlog is read with iproute2's ss.
/// </summary>
public sealed class ApiReadinessTests
{
    private static readonly TimeSpan Boot = Poll.Boot;
    private static readonly TimeSpan Soon = Poll.Soon;

    [Fact]
    public async Task A_client_connecting_as_READY_arrives_waits_in_the_backlog_and_is_answered()
    {
        PythonGrpc.Require();
        Prerequisite.RequireTool("ss");
        Prerequisite.RequireTool("kill");
        using var ns = new DaemonNamespace();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        ns.Notify.WaitFor("READY=1", Boot);

        // Frozen the moment READY=1 arrives: whatever its web server has done by then, the agent accepts nothing more.
        agent.Signal("STOP");
        Task<string> health;
        try
        {
            Assert.Equal(0, Backlog(ns, ns.ApiSocket));
            health = Task.Run(() => Health(ns));

            // connect(2) succeeded: the connection is queued on the listening socket, and the client waits for an answer.
            Assert.True(Poll.Until(() => Backlog(ns, ns.ApiSocket) == 1, Soon), $"no connection in the backlog of {ns.ApiSocket}");
            Assert.False(health.IsCompleted, "answered by a stopped agent");
        }
        finally
        {
            agent.Signal("CONT");
        }

        Assert.Equal("SERVING", await health);
        Assert.Equal(0, Backlog(ns, ns.ApiSocket));
    }

    [Fact]
    public void Nictune_status_run_as_READY_arrives_is_answered_with_the_boot_tune_done()
    {
        using var ns = new DaemonNamespace();
        ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")));
        ns.Notify.WaitFor("READY=1", Boot);

        // As `systemctl start nictune && nictune status`: no retry, no wait.
        var status = ns.Nictune("status", "--json", "--target", "unix://" + ns.ApiSocket);

        Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(status.Stdout);
        Assert.True(json.RootElement.GetProperty("bootTuneDone").GetBoolean(), status.Stdout);
    }

    [Fact]
    public void During_the_boot_tune_the_api_answers_and_health_is_not_serving_until_READY()
    {
        PythonGrpc.Require();
        using var ns = new DaemonNamespace();
        // The boot tune holds its first write while the test asks: long enough for three client runs on a loaded machine.
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h")), faultHook: "1:30000");
        agent.WaitForLine("fault hook: paused after write 1", Boot);

        Assert.Equal("NOT_SERVING", Health(ns));
        var status = PythonGrpc.Call(ns.ApiSocket, "GetStatus");
        Assert.Equal("OK", status.Code);
        Assert.False(status.Response.TryGetProperty("boot_tune_done", out var done) && done.GetBoolean(), status.Raw);
        Assert.DoesNotContain(ns.Notify.Drain(), m => NotifyListener.Has(m, "READY=1"));

        ns.Notify.WaitFor("READY=1", Boot);
        Assert.Equal("SERVING", Health(ns));
    }

    /// <summary>
    /// SIGTERM while the web server is still starting, beside the boot tune (as soon as the socket exists) or just after
    /// it (at READY=1, which a two-interface boot tune sends before the web server has started): the start is
    /// cancelled or finished, never reported as a failure, and the socket file is removed. Several rounds, since where
    /// the start is when the signal comes varies.
    /// </summary>
    [Theory]
    [InlineData("socket")]
    [InlineData("READY=1")]
    public void A_stop_while_the_web_server_still_starts_exits_0_and_removes_the_socket_file(string when)
    {
        for (var round = 0; round < 3; round++)
        {
            using var ns = new DaemonNamespace();
            var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "1h", onStop: "keep")));
            if (when == "socket")
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (!File.Exists(ns.ApiSocket) && clock.Elapsed < Boot)
                {
                    Thread.Sleep(1);
                }

                Assert.True(File.Exists(ns.ApiSocket), agent.Output);
            }
            else
            {
                ns.Notify.WaitFor("READY=1", Boot);
            }

            agent.Signal("TERM");

            Assert.True(agent.WaitForExit(Boot) == 0, agent.Output);
            Assert.False(File.Exists(ns.ApiSocket), $"the socket file was left behind\n{agent.Output}");
            Assert.DoesNotContain("Exception", agent.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Cannot start the API", agent.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>grpc.health.v1.Health/Check of the whole server, by python3-grpcio (waits up to 60 s for an answer).</summary>
    private static string Health(DaemonNamespace ns) =>
        PythonGrpc.Run(["--target", "unix://" + ns.ApiSocket, "--authority", "localhost", "--timeout", "60", "health"]).Response.GetProperty("status").GetString()!;

    /// <summary>The connections waiting to be accepted on a listening Unix socket: ss's Recv-Q for a listener.</summary>
    private static int Backlog(DaemonNamespace ns, string path)
    {
        // -H: no header; each line: Netid State Recv-Q Send-Q Local-Address Port Peer-Address Port.
        var lines = ns.Namespace.CheckExec("ss", "-xlnH").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).SingleOrDefault(f => f.Length > 4 && f[4] == path)
            ?? throw new InvalidOperationException($"{path} does not listen:\n{string.Join('\n', lines)}");
        return int.Parse(line[2], CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using Nictune.IntegrationTests.Daemon;
using Xunit;

namespace Nictune.IntegrationTests.Api;

/// <summary>
/// A bounded load: 64 concurrent python3-grpcio clients, each on its own connection, calling GetStatus and
/// ListInterfaces for 15 s while 4 WatchEvents streams stay open. No call may fail, and the agent's resident memory
/// (VmRSS, read from /proc after the load) stays under <see cref="RssBound"/>. Counts, not speed: the throughput is
/// the bench's business.
/// </summary>
public sealed class ApiLoadTests
{
    /// <summary>The agent idles at about 40-60 MB (two Kestrel hosts, the AOT runtime); 64 connections add buffers.</summary>
    private const long RssBound = 200L << 20;

    private static readonly TimeSpan Boot = Poll.Boot;

    [Fact]
    public void Sixty_four_clients_and_four_watchers_for_fifteen_seconds_get_no_errors_within_the_memory_bound()
    {
        PythonGrpc.Require();
        using var ns = new DaemonNamespace();
        var agent = ns.StartAgent(ns.WriteConfig(ns.Config(driftInterval: "2s")));
        ns.Notify.WaitFor("READY=1", Boot);

        var load = PythonGrpc.Run(["--target", "unix://" + ns.ApiSocket, "--authority", "localhost", "load", "64", "4", "15"], timeout: TimeSpan.FromMinutes(3));

        var rss = ResidentBytes(agent.Pid);
        var response = load.Response;
        Assert.True(response.GetProperty("errors").GetInt32() == 0 && response.GetProperty("watch_errors").GetInt32() == 0, load.Raw);
        Assert.True(response.GetProperty("calls").GetInt32() >= 64, load.Raw);
        Assert.True(rss < RssBound, $"the agent's RSS after the load is {rss >> 20} MB, over {RssBound >> 20} MB");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load: {response.GetProperty("calls").GetInt32()} calls, {response.GetProperty("events").GetInt32()} events streamed, agent RSS {rss >> 20} MB"));
    }

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Nictune.Linux.IO;
using Nictune.Protocol.Api;
using Xunit;

namespace Nictune.Tests.Host.Api;

/// <summary>The listeners' connection cap and its reserve, and the descriptor budget checked at start.</summary>
public sealed class ConnectionLimitsTests
{
    private static readonly object Privileged = new();

    [Fact]
    public async Task A_listener_admits_its_cap_then_only_the_reserve_s_callers_up_to_the_reserve_and_frees_a_place_when_one_ends()
    {
        var cap = new ConnectionCap("unix:test", cap: 2, reserve: 1, connection => connection.Items.ContainsKey(Privileged), NullLogger.Instance);
        var release = new TaskCompletionSource();
        var admitted = 0;
        var serve = cap.Middleware(async _ =>
        {
            Interlocked.Increment(ref admitted);
            await release.Task;
        });

        var held = new[] { serve(Connection()), serve(Connection()), serve(Connection(privileged: true)) };
        var refused = Connection();
        var refusedPrivileged = Connection(privileged: true);
        await serve(refused);
        await serve(refusedPrivileged);

        Assert.Equal(3, admitted);
        Assert.Equal(3, cap.Open);
        // DefaultConnectionContext signals an abort on the thread pool.
        Assert.True(refused.ConnectionClosed.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the connection over the cap was not aborted");
        Assert.True(refusedPrivileged.ConnectionClosed.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the privileged connection over the reserve was not aborted");

        release.SetResult();
        await Task.WhenAll(held);
        Assert.Equal(0, cap.Open);
        await serve(Connection());
        Assert.Equal(4, admitted);
    }

    [Fact]
    public void The_descriptor_budget_is_the_caps_plus_the_reserve_and_a_smaller_limit_is_refused_naming_both()
    {
        var needed = ConnectionLimits.DescriptorsNeeded(unixSocket: true, tcpPorts: 1, metricsAddresses: 2);
        Assert.Equal(ConnectionLimits.UnixSocket + ConnectionLimits.UnixSocketPrivileged + ConnectionLimits.TcpPort + (2 * ConnectionLimits.MetricsAddress) + ConnectionLimits.Reserve, needed);
        Assert.Null(ConnectionLimits.CheckDescriptorLimit(needed, needed));
        Assert.Null(ConnectionLimits.CheckDescriptorLimit(null, needed));
        var problem = ConnectionLimits.CheckDescriptorLimit(needed - 1, needed);
        Assert.StartsWith($"the open-file limit (RLIMIT_NOFILE) is {needed - 1}, ", problem, StringComparison.Ordinal);
        Assert.Contains($"need {needed}", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Max open files            1024                 524288               files     ", 1024L)]
    [InlineData("Max open files            unlimited            unlimited            files     ", null)]
    [InlineData("Max processes             96367                96367                processes ", null)]
    public void The_soft_open_file_limit_is_read_from_proc_limits(string line, long? expected)
    {
        var text = "Limit                     Soft Limit           Hard Limit           Units     \n" + line + "\n";
        Assert.Equal(expected, ProcessLimits.ParseOpenFiles(text));
    }

    [Fact]
    public void This_process_s_open_file_limit_is_read()
    {
        Assert.True(ProcessLimits.OpenFilesLimit() is null or > 0);
    }

    private static DefaultConnectionContext Connection(bool privileged = false)
    {
        var connection = new DefaultConnectionContext();
        if (privileged)
        {
            connection.Items[Privileged] = Privileged;
        }

        return connection;
    }
}

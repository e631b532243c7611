using Nictune.Host;
using Nictune.Host.Cli;
using Nictune.Host.Daemon;
using Nictune.Tests.Linux;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>The `run` verb in-process: configuration errors map to exit 2, a failed boot tune to exit 1.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public void An_unknown_key_exits_2_before_anything_starts()
    {
        using var file = new ConfigFile("mode: enforce\nturbo: yes\n");

        Assert.Equal(ExitCodes.InvalidInput, NictuneCli.Run(["run", "--config", file.Path]));
    }

    [Fact]
    public void A_missing_explicit_file_exits_2()
    {
        Assert.Equal(ExitCodes.InvalidInput, NictuneCli.Run(["run", "--config", "/nonexistent/nictune/agent.yaml"]));
    }

    [Fact]
    public void A_boot_tune_that_fails_ends_the_run_with_exit_1_after_stopping_cleanly()
    {
        // No metrics listener: a unit test must not bind a port in the machine's own network namespace.
        using var file = new ConfigFile("drift-interval: 1d\nmetrics:\n  listen: []\n");
        using var socket = NotifySocket.BindPath();
        var tuner = new FakeTuner { BootFailure = new InvalidOperationException("rolled back") };
        var environment = new DaemonEnvironment(socket.Notifier(), WatchdogInterval: null, UnderSystemd: false);

        // The real composition, so the link monitor subscribes to this namespace's link notifications: read-only,
        // and the host stops right after the failed boot tune.
        var code = RunCommand.Run(file.Path, _ => tuner, environment);

        Assert.Equal(ExitCodes.FailedRolledBack, code);
        Assert.Equal(["boot:start", "stop"], tuner.Calls);
        Assert.Equal("STOPPING=1", socket.Receive(TimeSpan.FromSeconds(5)));
    }
}

using Nictune.Host.Daemon.Configuration;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>
/// What reading agent.yaml costs the daemon's start, as a count: the bytes the loader allocates for the benchmark's
/// file (bench/startup-footprint.sh), measured on the calling thread after a first load has run every static
/// constructor. The file is bound to <see cref="AgentOptions"/> once, for the checks and the settings alike.
/// </summary>
public sealed class AgentConfigCostTests
{
    /// <summary>41,736 bytes measured (Debug build) when this test was written; binding the file twice made it 51,776.</summary>
    private const long AllocatedBytesBound = 46_000;

    [Fact]
    public void Loading_the_configuration_allocates_at_most_its_bound()
    {
        using var file = new ConfigFile("""
            state-dir: /var/lib/nictune-bench
            profile: bench
            mode: enforce
            drift-interval: 1h
            on-stop: restore-baseline
            metrics:
              listen: ["127.0.0.1:10910"]
            api:
              socket: /run/nictune-bench/api.sock
            """);
        _ = AgentConfigLoader.Load(file.Path);

        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = AgentConfigLoader.Load(file.Path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated <= AllocatedBytesBound, $"loading the configuration allocated {allocated} bytes; the bound is {AllocatedBytesBound}");
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Nictune.Core.Model;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;
using Nictune.Host.Tuning;
using Nictune.Linux.Profiles;
using Nictune.Linux.State;
using Nictune.Tests.Fixtures;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>
/// The real tuner over a fixture tree (sysctls are files there): a reload whose pass fails leaves the previous
/// configuration in force, and a new state directory takes over the old baseline.
/// </summary>
public sealed class EngineTunerReloadTests : IDisposable
{
    private const string Somaxconn = "/proc/sys/net/core/somaxconn";

    private readonly SysfsTreeBuilder _tree = new();
    private readonly TempStateDirectory _profiles = new();
    private readonly TempStateDirectory _stateA = new();
    private readonly TempStateDirectory _stateB = new();
    private readonly AgentStatusBoard _board = new(new AgentEventFeed(NullLogger<AgentEventFeed>.Instance));
    private readonly EngineTuner _tuner;

    public EngineTunerReloadTests()
    {
        _tree.Cpus(2, hypervisorFlag: true).WriteFile(Somaxconn, "4096");
        File.WriteAllText(Path.Join(_profiles.Path, "first.yaml"), "name: first\nsysctl:\n  net.core.somaxconn: 8192\n");
        File.WriteAllText(Path.Join(_profiles.Path, "second.yaml"), "name: second\nsysctl:\n  net.core.somaxconn: 16384\n");
        _tuner = new EngineTuner(NullLogger<EngineTuner>.Instance, new ProfileCatalog([_profiles.Path]), _tree.SystemRoot, _board,
            new Nictune.Host.Adaptive.AdaptiveRings(new Nictune.Tests.Adaptive.FakeDropCounters(), _board, TimeProvider.System));
    }

    private static AgentSettings Settings(string stateDirectory, string profile) =>
        new(stateDirectory, profile, AgentMode.Enforce, TimeSpan.FromSeconds(60), OnStopAction.Keep, InterfaceFilter.All, null);

    private string Held() => File.ReadAllText(_tree.Map(Somaxconn)).Trim();

    [Fact]
    public async Task A_reload_whose_pass_fails_leaves_the_previous_configuration_in_force()
    {
        var token = TestContext.Current.CancellationToken;
        await _tuner.TuneAtBootAsync(Settings(_stateA.Path, "first"), token);
        Assert.Equal("8192", Held());

        // The new state directory's history cannot be read: the reload's pass throws before it writes anything.
        File.WriteAllText(Path.Join(_stateB.Path, FileStateStore.HistoryFile), "not json\n");
        await Assert.ThrowsAnyAsync<Exception>(() => _tuner.ReloadAsync(Settings(_stateB.Path, "second"), token));
        Assert.Equal("8192", Held());
        Assert.Equal("first", _board.Snapshot().Profile);

        // Drift is corrected with the previous profile, in the previous state directory.
        File.WriteAllText(_tree.Map(Somaxconn), "128");
        await _tuner.ReconcileAsync(Nictune.Host.Daemon.ReconcileReason.Drift, token);
        Assert.Equal("8192", Held());
        Assert.Equal(TransactionKind.Reconcile, new FileStateStore(_stateA.Path).ReadHistory().Transactions[^1].Kind);
    }

    [Fact]
    public async Task A_new_state_directory_keeps_the_values_from_before_nictune_as_its_baseline()
    {
        var token = TestContext.Current.CancellationToken;
        await _tuner.TuneAtBootAsync(Settings(_stateA.Path, "first"), token);
        await _tuner.ReloadAsync(Settings(_stateB.Path, "second"), token);
        Assert.Equal("16384", Held());

        var baseline = new FileStateStore(_stateB.Path).ReadBaseline();
        Assert.Equal("4096", Assert.Single(baseline.Settings).Value);
    }

    [Fact]
    public async Task In_observe_mode_an_apply_or_a_rollback_is_refused_as_the_api_s_failed_precondition_and_writes_nothing()
    {
        var token = TestContext.Current.CancellationToken;
        await _tuner.TuneAtBootAsync(Settings(_stateA.Path, "first") with { Mode = AgentMode.Observe }, token);

        // The API's own exception type: the error interceptor sends its code and message; anything else is INTERNAL.
        var apply = await Assert.ThrowsAsync<Nictune.Protocol.Api.ApiException>(() => _tuner.ApplyProfileAsync("second", token));
        var rollback = await Assert.ThrowsAsync<Nictune.Protocol.Api.ApiException>(() => _tuner.RollbackAsync(RollbackTarget.Baseline, token));

        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, apply.Code);
        Assert.Equal("the agent is in observe mode, which writes nothing: cannot apply a profile", apply.Message);
        Assert.Equal((Grpc.Core.StatusCode.FailedPrecondition, "the agent is in observe mode, which writes nothing: cannot roll back"), (rollback.Code, rollback.Message));
        Assert.Equal("4096", Held());
    }

    public void Dispose()
    {
        _tuner.Dispose();
        _tree.Dispose();
        _profiles.Dispose();
        _stateA.Dispose();
        _stateB.Dispose();
    }
}

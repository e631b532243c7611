using Microsoft.Extensions.Logging.Abstractions;
using Nictune.Core.Model;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;
using Nictune.Host.Tuning;
using Nictune.Linux.Profiles;
using Nictune.Linux.State;
using Nictune.Protocol.Api;
using Nictune.Tests.Fixtures;
using Nictune.Tests.Transactions;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>
/// Issue 25: a push held pending confirmation whose <c>pending.json</c> cannot be written, and whose pushed store
/// cannot be put back either. The revert used to put the store back first and stopped when that failed, leaving the
/// change in force with no pending record and nothing to undo it. The real tuner and confirmation window over a
/// fixture tree (sysctls are files there); each write is made to fail by a directory standing where its file must go.
/// </summary>
public sealed class PendingNotWrittenTests : IDisposable
{
    private const string Somaxconn = "/proc/sys/net/core/somaxconn";
    private const string First = "name: first\nsysctl:\n  net.core.somaxconn: 8192\n";
    private const string Trial = "name: trial\nsysctl:\n  net.core.somaxconn: 16384\n";

    private readonly SysfsTreeBuilder _tree = new();
    private readonly TempStateDirectory _profiles = new();
    private readonly TempStateDirectory _state = new();
    private readonly AgentStatusBoard _board = new(new AgentEventFeed(NullLogger<AgentEventFeed>.Instance));
    private readonly ProfileCatalog _catalog;
    private readonly EngineTuner _tuner;

    public PendingNotWrittenTests()
    {
        _tree.Cpus(2, hypervisorFlag: true).WriteFile(Somaxconn, "4096");
        File.WriteAllText(Path.Join(_profiles.Path, "base.yaml"), "name: base\nsysctl:\n  net.core.somaxconn: 4096\n");
        _catalog = new ProfileCatalog([_profiles.Path]);
        _tuner = new EngineTuner(NullLogger<EngineTuner>.Instance, _catalog, _tree.SystemRoot, _board,
            new Nictune.Host.Adaptive.AdaptiveRings(new Nictune.Tests.Adaptive.FakeDropCounters(), _board, TimeProvider.System));
    }

    public void Dispose()
    {
        _tuner.Dispose();
        _state.Dispose();
        _profiles.Dispose();
        _tree.Dispose();
    }

    private string Held() => File.ReadAllText(_tree.Map(Somaxconn)).Trim();

    [Fact]
    public async Task A_push_whose_pending_record_and_store_restore_both_fail_is_undone_at_once_with_a_clear_error()
    {
        var token = TestContext.Current.CancellationToken;
        var settings = new AgentSettings(_state.Path, "base", AgentMode.Enforce, TimeSpan.FromSeconds(60), OnStopAction.Keep, InterfaceFilter.All, null);
        var store = new PushedProfileStore(_state.Path);
        store.Push("first", First);
        await _tuner.TuneAtBootAsync(settings, token);
        Assert.Equal("8192", Held());
        using var window = new ConfirmationWindow(_tuner, new AgentSettingsSource(settings, null), _board, NullLogger.Instance);
        window.Start(() => { });

        // The push of trial, applied: what PushedProfileChanges does in the loop's turn.
        var before = new PushedBefore(1, "first", First);
        store.Push("trial", Trial);
        var (profile, _, pushed) = ProfileSelection.Select(_state.Path, "base", _catalog);
        var summary = await _tuner.UsePushedProfileAsync(profile!, pushed, apply: true, token);
        Assert.Equal(TransactionOutcome.Succeeded, summary!.Transaction!.Outcome);
        Assert.Equal("16384", Held());

        // Neither pending.json nor the restored profile's staged file can be written.
        Directory.CreateDirectory(Path.Join(_state.Path, "pending.json"));
        Directory.CreateDirectory(Path.Join(store.Directory, ".first.yaml.pending-3"));

        var refused = await Assert.ThrowsAsync<ApiException>(() => window.HoldAsync(summary, new ConfirmRequest(TimeSpan.FromMinutes(1), "c1"), before));

        Assert.Equal("8192", Held());
        Assert.Null(window.Pending);
        Assert.Contains("the pending change could not be recorded", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"transaction {summary.Transaction.Id} was rolled back", refused.Message, StringComparison.Ordinal);
        Assert.Contains("the pushed profile could not be put back either", refused.Message, StringComparison.Ordinal);
        Assert.Contains("unpush it", refused.Message, StringComparison.Ordinal);

        // The reverted push is not enforced again by the agent's own passes: no profile until a push, an unpush or a reload.
        Assert.Null(_board.Snapshot().Profile);
        var history = new FileStateStore(_state.Path).ReadHistory().Transactions;
        Assert.Equal((TransactionKind.RollbackPrevious, summary.Transaction.Id), (history[^1].Kind, history[^1].Undoes));
    }
}

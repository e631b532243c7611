using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Nictune.Host.Daemon;
using Nictune.Host.Daemon.Api;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Status;
using Nictune.Linux.IO;
using Nictune.Linux.Profiles;
using Nictune.Protocol.Api;
using Nictune.Protocol.Api.V1;
using Nictune.Tests.Linux.IO;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>The API's backend over the real loop (issue 23 §5): a request is resolved in its turn, from what holds then.</summary>
public sealed partial class AgentServiceTests
{
    private static readonly CallerIdentity Root = new() { Transport = "unix" };

    /// <summary>A backend over the running agent, with its state directory (and pushed store) in <paramref name="state"/>.</summary>
    private async Task<AgentBackend> StartWithBackendAsync(TempDirectory state)
    {
        File.WriteAllText(_config.Path, $"drift-interval: 1d\nstate-dir: {state.Path}\nmetrics:\n  listen: []\n");
        await StartReadyAsync();
        return new AgentBackend(Control, _host!.Services.GetRequiredService<AgentSettingsSource>(), new ProfileCatalog([state.Path]), SystemRoot.Live, Task.CompletedTask);
    }

    private AgentStatusBoard Board => _host!.Services.GetRequiredService<AgentStatusBoard>();

    [Fact]
    public async Task Apply_of_the_active_profile_names_the_profile_active_in_its_turn_not_the_one_active_when_it_was_accepted()
    {
        using var state = new TempDirectory();
        using var backend = await StartWithBackendAsync(state);
        var store = new PushedProfileStore(state.Path);
        Push(store, "first");
        var gate = await HoldTheLoopInAPassAsync(started: true);

        var applying = backend.ApplyProfileAsync(new ApplyProfileRequest(), Root, Token);

        // A push lands while the request waits for its turn (it runs in the loop too, as the pass in flight).
        Push(store, "second");
        gate.SetResult();

        await applying.WaitAsync(Wait, Token);
        Assert.Contains($"apply:start:{store.PathOf("second")}", _tuner.Calls);
        Assert.DoesNotContain(_tuner.Calls, c => c.Contains("first", StringComparison.Ordinal));
    }

    /// <summary>A push as the loop makes it: stored, then the loop's copy of the store and the enforced profile published.</summary>
    private void Push(PushedProfileStore store, string name)
    {
        var text = $"name: {name}\n";
        var generation = store.Push(name, text);
        Board.SetPushed(new PushedStatus(generation, name, text, Problem: null));
        Board.SetProfile(Named(name), Nictune.Core.Status.ProfileSource.Pushed, AgentMode.Enforce);
    }

    private static Nictune.Core.Profiles.Profile Named(string name) => new() { Name = name, Source = name + ".yaml" };

    [Fact]
    public async Task Apply_of_the_active_profile_is_refused_only_when_nothing_is_enforced_in_its_turn()
    {
        using var state = new TempDirectory();
        using var backend = await StartWithBackendAsync(state);

        // Nothing is enforced when the request is accepted (as after a rollback); a reload in the pass in flight selects one.
        Board.SetProfile(null, Nictune.Core.Status.ProfileSource.None, AgentMode.Enforce);
        var gate = await HoldTheLoopInAPassAsync(started: true);
        var applying = backend.ApplyProfileAsync(new ApplyProfileRequest(), Root, Token);
        Board.SetProfile(Named("virtio-throughput"), Nictune.Core.Status.ProfileSource.Auto, AgentMode.Enforce);
        gate.SetResult();

        await applying.WaitAsync(Wait, Token);
        Assert.Contains("apply:start:virtio-throughput", _tuner.Calls);

        // And when nothing is enforced in its turn, it is refused then, naming why, and nothing is applied.
        Board.SetProfile(null, Nictune.Core.Status.ProfileSource.None, AgentMode.Enforce);
        var refused = await Assert.ThrowsAsync<ApiException>(() => backend.ApplyProfileAsync(new ApplyProfileRequest(), Root, Token).WaitAsync(Wait, Token));
        Assert.Equal(StatusCode.FailedPrecondition, refused.Code);
        Assert.Contains("no profile is enforced", refused.Message, StringComparison.Ordinal);
        Assert.Single(_tuner.Calls, c => c.StartsWith("apply:start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fault_in_the_loop_is_internal_on_the_wire_even_an_invalid_operation()
    {
        using var state = new TempDirectory();
        using var backend = await StartWithBackendAsync(state);
        _tuner.RollbackFailure = new InvalidOperationException("the journal at /var/lib/nictune/journal.json holds {\"secret\": 1}");
        var logger = new ListLogger<ErrorInterceptor>();

        // The backend no longer turns an InvalidOperationException into FAILED_PRECONDITION: only ApiException says a code.
        var status = await Assert.ThrowsAsync<RpcException>(() => new ErrorInterceptor(logger).UnaryServerHandler<RollbackRequest, Transaction>(
            new RollbackRequest(), new Nictune.Tests.Metrics.FakeServerCallContext("/nictune.v1.Agent/Rollback"), (request, _) => backend.RollbackAsync(request, Root, Token).WaitAsync(Wait, Token)));

        Assert.Equal(StatusCode.Internal, status.StatusCode);
        Assert.DoesNotContain("secret", status.Status.Detail, StringComparison.Ordinal);
        var id = status.Status.Detail.Split(' ')[^1];
        Assert.Equal($"API /nictune.v1.Agent/Rollback failed (correlation id {id})", Assert.Single(logger.Lines));
        Assert.Same(_tuner.RollbackFailure, Assert.Single(logger.Exceptions));
    }

    private const string PushedDocument = "name: pushed\nsysctl:\n  net.core.somaxconn: 4096\n";

    [Fact]
    public async Task A_push_without_apply_stores_the_document_and_runs_no_pass()
    {
        using var state = new TempDirectory();
        using var backend = await StartWithBackendAsync(state);
        var before = _tuner.Calls.Count;

        var response = await backend.PutProfileAsync(new PutProfileRequest { Document = PushedDocument }, Root, Token).WaitAsync(Wait, Token);

        Assert.True(response.Stored);
        Assert.Equal(1UL, response.Generation);
        Assert.Null(response.Transaction);
        Assert.Empty(response.ApplyFailure);
        Assert.Equal(["use-pushed:pushed:1:no-pass"], _tuner.Calls.Skip(before));
        Assert.Equal(new PushedProfileState(1, "pushed", PushedDocument), new PushedProfileStore(state.Path).Read());
    }

    [Fact]
    public async Task A_push_with_apply_hands_the_tuner_the_profile_it_parsed_and_answers_with_its_pass()
    {
        using var state = new TempDirectory();
        using var backend = await StartWithBackendAsync(state);
        var before = _tuner.Calls.Count;

        var response = await backend.PutProfileAsync(new PutProfileRequest { Document = PushedDocument, Apply = true }, Root, Token).WaitAsync(Wait, Token);

        Assert.True(response.Stored);
        Assert.NotNull(response.Transaction);
        Assert.Equal(["use-pushed:pushed:1:pass"], _tuner.Calls.Skip(before));
        var profile = Assert.Single(_tuner.PushedProfiles);
        Assert.Equal("4096", profile.Sysctl["net.core.somaxconn"]);
        Assert.Equal(ApiErrors.PushedDocument, profile.Source);
    }

    [Fact]
    public async Task A_push_whose_pass_fails_answers_that_it_was_stored_and_why_it_was_not_applied()
    {
        using var state = new TempDirectory();
        using var backend = await StartWithBackendAsync(state);

        // A failure the API does not define: its message (which could quote anything) stays in the log.
        _tuner.PushedPassFailure = new IOException("SECRET-CONTENT");
        var response = await backend.PutProfileAsync(new PutProfileRequest { Document = PushedDocument, Apply = true }, Root, Token).WaitAsync(Wait, Token);
        Assert.True(response.Stored);
        Assert.Equal(1UL, response.Generation);
        Assert.Null(response.Transaction);
        Assert.Matches("^the pass that applies it failed: an unexpected error \\(id [0-9a-f]{8} in the agent's log\\); the agent tries again at its next pass$", response.ApplyFailure);
        Assert.Equal(1UL, new PushedProfileStore(state.Path).ReadRecord().Generation);

        // A state file's failure names the file (never its content), as everywhere else.
        _tuner.PushedPassFailure = new Nictune.Core.Transactions.StateStoreException("/x/journal.json", "the state file is corrupt");
        var second = await backend.PutProfileAsync(new PutProfileRequest { Document = PushedDocument.Replace("4096", "4097", StringComparison.Ordinal), Apply = true }, Root, Token).WaitAsync(Wait, Token);
        Assert.True(second.Stored);
        Assert.Equal(2UL, second.Generation);
        Assert.Contains("/x/journal.json: the state file is corrupt", second.ApplyFailure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(-1)]
    [InlineData(3)]
    public async Task A_rollback_to_an_unknown_target_is_invalid_argument_and_rolls_nothing_back(int target)
    {
        using var state = new TempDirectory();
        using var backend = await StartWithBackendAsync(state);

        foreach (var dryRun in new[] { false, true })
        {
            var refused = await Assert.ThrowsAsync<ApiException>(() =>
                backend.RollbackAsync(new RollbackRequest { To = (Nictune.Protocol.Api.V1.RollbackTarget)target, DryRun = dryRun }, Root, Token).WaitAsync(Wait, Token));
            Assert.Equal(StatusCode.InvalidArgument, refused.Code);
            Assert.Contains($"{target}", refused.Message, StringComparison.Ordinal);
        }

        // The loop is free and took nothing: a reload runs next, and no rollback ever reached the tuner.
        Assert.True((await Control.ReloadAsync(Token).WaitAsync(Wait, Token)).Accepted);
        Assert.DoesNotContain(_tuner.Calls, c => c.StartsWith("rollback", StringComparison.Ordinal));
    }
}

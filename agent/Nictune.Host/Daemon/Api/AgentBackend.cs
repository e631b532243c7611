using System.Runtime.CompilerServices;
using Grpc.Core;
using Nictune.Core;
using Nictune.Core.Model;
using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Tuning;
using Nictune.Linux.IO;
using Nictune.Linux.Profiles;
using Nictune.Protocol.Api;
using Nictune.Protocol.Api.Mapping;
using Nictune.Protocol.Api.V1;
using CoreRollbackTarget = Nictune.Core.Transactions.RollbackTarget;
using Duration = Google.Protobuf.WellKnownTypes.Duration;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using WireProfile = Nictune.Protocol.Api.V1.Profile;

namespace Nictune.Host.Daemon.Api;

/// <summary>
/// The control API's view of the running daemon (<see cref="IAgentBackend"/> over <see cref="IAgentControl"/>).
/// Mutations are posted to the daemon's work loop; the pushed-profile file and its generation are written inside
/// the loop's turn, so a generation check and the write it guards cannot interleave with another push. Reads (plans,
/// the interface list) run on a runtime of their own, one at a time, and change nothing.
/// </summary>
internal sealed class AgentBackend : IAgentBackend, IDisposable
{
    /// <summary>How far a WatchEvents reader may fall behind before it is dropped (RESOURCE_EXHAUSTED).</summary>
    private const int SubscriberBuffer = 256;

    private readonly IAgentControl _control;
    private readonly AgentSettingsSource _settings;
    private readonly AgentProfiles _profiles;
    private readonly SystemRoot _root;
    private readonly SemaphoreSlim _reads = new(1, 1);
    private readonly DocumentParses _documents = new();
    private TuningRuntime? _reader;
    private string? _hypervisor;

    public AgentBackend(IAgentControl control, AgentSettingsSource settings, ProfileCatalog catalog, SystemRoot root, Task bootTuneDone)
    {
        _control = control;
        _settings = settings;
        _profiles = new AgentProfiles(catalog, settings);
        _root = root;
        BootTuneDone = bootTuneDone;
    }

    public Task BootTuneDone { get; }

    /// <summary>The pushed store, read only: the loop's turn writes it (<see cref="IAgentControl.PushProfileAsync"/>).</summary>
    private PushedProfileStore Store => new(_settings.Current.StateDirectory);

    public async Task<AgentStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var status = _control.GetStatus();
        var wire = StatusMapping.ToWire(new StatusView(
            AgentVersion.Current,
            await HypervisorAsync(cancellationToken).ConfigureAwait(false),
            _settings.Current.StateDirectory,
            status.Profile,
            status.Source,
            status.Pushed.Generation,
            status.Mode == AgentMode.Observe,
            status.Uptime,
            status.BootTuneDone,
            status.LastEventSequence,
            status.LastTransaction,
            status.Drifted,
            status.Conditions,
            status.Adaptive));
        if (_control.Pending is { } pending)
        {
            wire.Pending = new PendingChange { TransactionId = pending.TransactionId, Verb = pending.Verb, Deadline = Timestamp.FromDateTimeOffset(pending.Deadline) };
        }

        if (wire.LastTransaction is { Outcome: Outcome.Succeeded } last && last.Id == _control.LastRevert)
        {
            last.Outcome = Outcome.UnconfirmedReverted;
        }

        return wire;
    }

    public async Task<ListInterfacesResponse> ListInterfacesAsync(CancellationToken cancellationToken)
    {
        var status = _control.GetStatus();
        return await ReadAsync(
            runtime =>
            {
                var inventory = Inventory(runtime);
                var managed = new Dictionary<Core.Tuning.SettingKey, string?>();
                if (status.Enforced is { } profile)
                {
                    foreach (var row in runtime.Engine.Plan(profile, inventory, runtime.ReadHostFacts()).Rows)
                    {
                        managed[row.Key] = row.Current;
                    }
                }

                return InventoryMapping.ToWire(inventory, status.Profile ?? string.Empty, managed);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public Task<ListProfilesResponse> ListProfilesAsync(CancellationToken cancellationToken)
    {
        var active = _control.GetStatus();
        var response = new ListProfilesResponse();
        response.Profiles.AddRange(_profiles.List(active).Select(file => Describe(file, active)));
        return Task.FromResult(response);
    }

    public Task<WireProfile> GetProfileAsync(string name, CancellationToken cancellationToken)
    {
        var active = _control.GetStatus();
        return _profiles.Find(name, active) is { } file ? Task.FromResult(Describe(file, active)) : throw NoSuchProfile(name);
    }

    public Task<Plan> PlanProfileAsync(PlanProfileRequest request, CancellationToken cancellationToken) =>
        request.ProfileCase == PlanProfileRequest.ProfileOneofCase.Document
            ? _documents.RunAsync(() => PlanAsync(_profiles.Parse(request.Document), cancellationToken), cancellationToken)
            : PlanAsync(LoadByName(request.Name), cancellationToken);

    public async Task<PutProfileResponse> PutProfileAsync(PutProfileRequest request, CallerIdentity caller, CancellationToken cancellationToken)
    {
        // Parsed and validated once, in full, before the loop is involved: an invalid document is INVALID_ARGUMENT and
        // changes nothing. The profile then travels with the request; nothing parses it again.
        var profile = await _documents.RunAsync(() => Task.FromResult(_profiles.Parse(request.Document)), cancellationToken).ConfigureAwait(false);
        if (request.DryRun)
        {
            var plan = await ReadAsync(runtime => PlanMapping.ToWire(runtime.Engine.Plan(profile, Inventory(runtime), runtime.ReadHostFacts())), cancellationToken).ConfigureAwait(false);
            // A dry run says what the push would do, refusals included: a stale generation fails it as it would the push.
            // With if_changed it also says whether the push would store anything (read only).
            var store = Store;
            var (current, held) = Stored(store.ReadRecord);
            CheckGeneration(request.ExpectedGeneration, current);
            return new PutProfileResponse
            {
                Name = profile.Name,
                Generation = current,
                Stored = false,
                Unchanged = request.IfChanged && store.Holds(current, held, profile.Name, request.Document),
                Plan = plan,
            };
        }

        var confirm = ConfirmWithin(request.ConfirmWithin, caller);
        if (confirm is not null && !request.Apply)
        {
            throw new ApiException(StatusCode.InvalidArgument, "confirm_within needs apply: without it no transaction runs to confirm");
        }

        var push = new ProfilePush(profile, request.Document, request.ExpectedGeneration, request.IfChanged, request.Apply, confirm);
        var result = await Change(() => _control.PushProfileAsync(push, cancellationToken)).ConfigureAwait(false);
        var response = new PutProfileResponse { Name = profile.Name, Generation = result.Generation, Stored = result.Stored, Unchanged = !result.Stored };
        if (result.Applied is { } applied)
        {
            response.Transaction = ToWire(applied);
        }

        if (result.ApplyFailure is { } failure)
        {
            response.ApplyFailure = failure;
        }

        return response;
    }

    public async Task<DeleteProfileResponse> DeleteProfileAsync(DeleteProfileRequest request, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var pushedName = Stored(() => Store.ReadRecord().Name) ?? throw new ApiException(StatusCode.NotFound, "no profile is pushed");
        if (request.Name.Length > 0 && request.Name != pushedName)
        {
            throw new ApiException(StatusCode.NotFound, $"the pushed profile is \"{pushedName}\", not \"{SettingValueText.Truncate(request.Name)}\"");
        }

        var result = await Change(() => _control.UnpushProfileAsync(pushedName, request.ExpectedGeneration, cancellationToken)).ConfigureAwait(false);
        if (result.Applied is not { } summary)
        {
            throw new ApiException(StatusCode.Aborted, $"the pushed profile changed while the call waited (now \"{result.Held ?? "none"}\"); nothing was deleted");
        }

        var status = _control.GetStatus();
        return new DeleteProfileResponse
        {
            Generation = result.Generation,
            ActiveProfile = StatusMapping.ActiveProfile(status.Profile, status.Source, result.Generation),
            Transaction = ToWire(summary),
        };
    }

    public async Task<Transaction> ApplyProfileAsync(ApplyProfileRequest request, CallerIdentity caller, CancellationToken cancellationToken)
    {
        // Checked now, so that a bad name or a stale caller hears at once; the profile is then named in the loop's turn.
        var name = request.Name;
        CheckGeneration(request.ExpectedGeneration, Stored(() => Store.ReadRecord().Generation));
        if (name.Length > 0 && !ProfileName.IsValid(name))
        {
            throw new ApiException(StatusCode.InvalidArgument, $"\"{SettingValueText.Truncate(name)}\" is not a profile name (a file is pushed with PutProfile)");
        }

        var confirm = ConfirmWithin(request.ConfirmWithin, caller);
        return ToWire(await Mutate(() => _control.ApplyProfileAsync(() => ProfileToApply(request), confirm, cancellationToken)).ConfigureAwait(false));
    }

    public async Task<Transaction> RollbackAsync(RollbackRequest request, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var target = request.To switch
        {
            Protocol.Api.V1.RollbackTarget.Baseline => CoreRollbackTarget.Baseline,
            Protocol.Api.V1.RollbackTarget.Previous or Protocol.Api.V1.RollbackTarget.Unspecified => CoreRollbackTarget.Previous,
            _ => throw new ApiException(StatusCode.InvalidArgument, $"unknown rollback target {(int)request.To}: ROLLBACK_TARGET_PREVIOUS (the default) or ROLLBACK_TARGET_BASELINE"),
        };
        var confirm = ConfirmWithin(request.ConfirmWithin, caller);
        if (request.DryRun)
        {
            return await ReadAsync(
                runtime => new Transaction
                {
                    Verb = target == CoreRollbackTarget.Baseline ? "rollback-baseline" : "rollback-previous",
                    Plan = PlanMapping.ToWire($"rollback {(target == CoreRollbackTarget.Baseline ? "baseline" : "previous")}", runtime.StateDirectory, runtime.Engine.PlanRollback(target, Inventory(runtime))),
                },
                cancellationToken).ConfigureAwait(false);
        }

        return ToWire(await Mutate(() => _control.RollbackAsync(target, confirm, cancellationToken)).ConfigureAwait(false));
    }

    public async Task<Transaction> ConfirmTransactionAsync(ConfirmTransactionRequest request, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var result = await Mutate(() => _control.ConfirmAsync(request.Id, caller.Connection ?? string.Empty, caller.ToString(), cancellationToken)).ConfigureAwait(false);
        return TransactionMapping.ToWire(result);
    }

    public async Task<ReloadResponse> ReloadAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        var result = await Mutate(() => _control.ReloadAsync(cancellationToken)).ConfigureAwait(false);
        if (!result.Accepted || result.Summary is not { } summary)
        {
            var problems = (result.Problems ?? "the configuration was rejected").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ProblemMapping.FromConfigLine).ToList();
            throw new ApiException(StatusCode.FailedPrecondition, "reload rejected; the previous configuration stays in force:\n" + result.Problems, problems);
        }

        return new ReloadResponse
        {
            Profile = summary.Profile ?? string.Empty,
            Interfaces = (uint)summary.Interfaces,
            SettingsChanged = (uint)summary.SettingsChanged,
            SettingsFailed = (uint)summary.SettingsFailed,
            Status = AgentService.FormatStatus(summary, _settings.Current),
        };
    }

    public async IAsyncEnumerable<Event> WatchEventsAsync(ulong? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = _control.Events.Subscribe(since is { } s ? (long)Math.Min(s, long.MaxValue) : null, SubscriberBuffer);
        if (subscription.Missed > 0)
        {
            yield return EventMapping.Lost(subscription.Missed);
        }

        var reader = subscription.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                AgentEvent next;
                try
                {
                    if (!await reader.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    next = reader.Current;
                }
                catch (SlowSubscriberException e)
                {
                    throw new ApiException(StatusCode.ResourceExhausted, e.Message);
                }

                yield return EventMapping.ToWire(next);
            }
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _reads.Dispose();
        _documents.Dispose();
    }

    /// <summary>A push or an unpush: <see cref="Mutate{T}"/>, and its turn's refusals (a stale generation, the pushed store's failures, as <see cref="Stored{T}"/> says) as statuses.</summary>
    private static async Task<T> Change<T>(Func<Task<T>> call)
    {
        try
        {
            return await Mutate(call).ConfigureAwait(false);
        }
        catch (StaleGenerationException e)
        {
            throw ApiException.StaleGeneration(e.Expected, e.Actual);
        }
        catch (StateStoreException e)
        {
            throw StoreFailure(e);
        }
    }

    /// <summary>
    /// The loop's refusal as a status: busy or stopping is UNAVAILABLE. The tuner's own refusals (observe mode) are
    /// already <see cref="ApiException"/>s; any other exception is a fault, INTERNAL on the wire.
    /// </summary>
    private static async Task<T> Mutate<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AgentUnavailableException e)
        {
            throw new ApiException(StatusCode.Unavailable, e.Message);
        }
    }

    /// <summary>
    /// The pushed store's failures as statuses: a full file system is RESOURCE_EXHAUSTED, anything else (an untrusted
    /// or corrupt store) FAILED_PRECONDITION. Either way nothing was changed, and the message names the file without
    /// quoting it.
    /// </summary>
    private static T Stored<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (StateStoreException e)
        {
            throw StoreFailure(e);
        }
    }

    private static ApiException StoreFailure(StateStoreException e) =>
        new(e.NoSpace ? StatusCode.ResourceExhausted : StatusCode.FailedPrecondition, e.Message);

    private static void CheckGeneration(ulong expected, ulong actual)
    {
        if (StaleGenerationException.IsStale(expected, actual))
        {
            throw ApiException.StaleGeneration(expected, actual);
        }
    }

    /// <summary>
    /// In the loop's turn, from what holds then: the generation (that of the pushed profile) checked again, so that a
    /// push that landed while the request waited is never overwritten unseen; and the profile's file or name, where an
    /// empty name is the profile enforced now (a push, a reload or a rollback may have changed it while the request waited).
    /// </summary>
    private string ProfileToApply(ApplyProfileRequest request)
    {
        CheckGeneration(request.ExpectedGeneration, Stored(() => Store.ReadRecord().Generation));
        var name = request.Name.Length > 0
            ? request.Name
            : _control.GetStatus().Profile ?? throw new ApiException(StatusCode.FailedPrecondition, "no profile is enforced (after a rollback): name the profile to apply");
        return _profiles.Pushed(_control.GetStatus()) is { } pushed && pushed.Name == name ? pushed.Path : name;
    }

    private Transaction ToWire(TuneSummary summary)
    {
        var wire = TransactionMapping.OfPass(summary.Transaction, summary.Profile, summary.SettingsChanged, summary.NotInForce);
        if (_control.Pending is { } pending && pending.TransactionId == wire.Id)
        {
            wire.PendingConfirmation = true;
            wire.ConfirmDeadline = Timestamp.FromDateTimeOffset(pending.Deadline);
        }

        return wire;
    }

    /// <summary>
    /// A request's confirm_within as the loop takes it (null when not set), with the caller's connection, which may not
    /// confirm it. Out of range is INVALID_ARGUMENT naming the field, before anything is done.
    /// </summary>
    private static ConfirmRequest? ConfirmWithin(Duration? window, CallerIdentity caller)
    {
        if (window is null)
        {
            return null;
        }

        // A Duration's seconds and nanos may disagree in sign or overflow a TimeSpan: both are out of range anyway.
        var valid = window.Nanos is > -1_000_000_000 and < 1_000_000_000 && Math.Abs(window.Seconds) <= (long)PendingConfirmation.MaxWindow.TotalSeconds + 1;
        var span = valid ? window.ToTimeSpan() : TimeSpan.MaxValue;
        if (PendingConfirmation.CheckWindow(span) is { } problem)
        {
            throw new ApiException(StatusCode.InvalidArgument, $"confirm_within: {(valid ? problem : $"must be between {PendingConfirmation.Format(PendingConfirmation.MinWindow)} and {PendingConfirmation.Format(PendingConfirmation.MaxWindow)}")}; nothing was changed");
        }

        return new ConfirmRequest(span, caller.Connection ?? string.Empty);
    }

    private Task<Plan> PlanAsync(Core.Profiles.Profile profile, CancellationToken cancellationToken) =>
        ReadAsync(runtime => PlanMapping.ToWire(runtime.Engine.Plan(profile, Inventory(runtime), runtime.ReadHostFacts())), cancellationToken);

    /// <summary>The profile <paramref name="name"/> names, the pushed one first. Throws <see cref="ApiException"/> (no such name) or <see cref="ProfileException"/>.</summary>
    private Core.Profiles.Profile LoadByName(string name)
    {
        var status = _control.GetStatus();
        if (_profiles.Find(name, status) is { } file)
        {
            return _profiles.Load(file);
        }

        throw ProfileName.IsValid(name)
            ? NoSuchProfile(name)
            : new ApiException(StatusCode.InvalidArgument, $"\"{SettingValueText.Truncate(name)}\" is not a profile name");
    }

    private ApiException NoSuchProfile(string name) =>
        new(StatusCode.NotFound, $"no profile named \"{SettingValueText.Truncate(name)}\" (searched {_profiles.SearchDescription})");

    private static WireProfile Describe(ProfileFile file, Status.AgentStatus active) => new()
    {
        Name = file.Name,
        Origin = file.Origin switch
        {
            ProfileFile.Kind.Pushed => ProfileOrigin.Pushed,
            ProfileFile.Kind.Shipped => ProfileOrigin.Shipped,
            _ => ProfileOrigin.Admin,
        },
        Path = file.Path,
        Yaml = file.ReadText(),
        Active = active.Profile == file.Name && (file.Origin == ProfileFile.Kind.Pushed) == (active.Source == Core.Status.ProfileSource.Pushed),
    };

    private async Task<string> HypervisorAsync(CancellationToken cancellationToken) =>
        _hypervisor ??= await ReadAsync(runtime => Names.Of(runtime.Detect().Hypervisor), cancellationToken).ConfigureAwait(false);

    private SystemInventory Inventory(TuningRuntime runtime) => _settings.Current.Interfaces.Apply(runtime.Detect());

    /// <summary>Read-only work on the API's own runtime (its own ethtool socket), one call at a time.</summary>
    private async Task<T> ReadAsync<T>(Func<TuningRuntime, T> read, CancellationToken cancellationToken)
    {
        await _reads.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var directory = _settings.Current.StateDirectory;
            if (_reader is null || _reader.StateDirectory != directory)
            {
                _reader?.Dispose();
                _reader = TuningRuntime.Open(_root, directory);
            }

            return read(_reader);
        }
        finally
        {
            _reads.Release();
        }
    }
}

using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api;

/// <summary>
/// What the gRPC service asks of the daemon. The host implements it over the daemon's single serialized work loop,
/// so an API mutation never interleaves with a drift correction, a hot-plug pass or a reload. Mutations are not
/// cancelled by the caller's deadline or disconnect once they have started: the transaction finishes or rolls back,
/// and its result goes to the event stream and to <see cref="GetStatusAsync"/>.
/// Failures are <see cref="ApiException"/>s, or <see cref="Core.Profiles.ProfileException"/> for an invalid profile.
/// </summary>
public interface IAgentBackend
{
    /// <summary>Completes when the boot tune has finished; health says NOT_SERVING until then.</summary>
    Task BootTuneDone { get; }

    Task<AgentStatus> GetStatusAsync(CancellationToken cancellationToken);

    Task<ListInterfacesResponse> ListInterfacesAsync(CancellationToken cancellationToken);

    Task<ListProfilesResponse> ListProfilesAsync(CancellationToken cancellationToken);

    Task<Profile> GetProfileAsync(string name, CancellationToken cancellationToken);

    Task<Plan> PlanProfileAsync(PlanProfileRequest request, CancellationToken cancellationToken);

    Task<PutProfileResponse> PutProfileAsync(PutProfileRequest request, CallerIdentity caller, CancellationToken cancellationToken);

    Task<DeleteProfileResponse> DeleteProfileAsync(DeleteProfileRequest request, CallerIdentity caller, CancellationToken cancellationToken);

    Task<Transaction> ApplyProfileAsync(ApplyProfileRequest request, CallerIdentity caller, CancellationToken cancellationToken);

    Task<Transaction> RollbackAsync(RollbackRequest request, CallerIdentity caller, CancellationToken cancellationToken);

    Task<ReloadResponse> ReloadAsync(CallerIdentity caller, CancellationToken cancellationToken);

    /// <summary>
    /// Confirms the change pending confirmation. A confirmation over the connection that made the change
    /// (<see cref="CallerIdentity.Connection"/>, the server's own id for it) is refused.
    /// </summary>
    Task<Transaction> ConfirmTransactionAsync(ConfirmTransactionRequest request, CallerIdentity caller, CancellationToken cancellationToken);

    /// <summary>
    /// The events after <paramref name="since"/> still in the ring (null: none, only new ones), then new events as
    /// they happen, until <paramref name="cancellationToken"/> fires. A subscriber that falls too far behind gets an
    /// <see cref="ApiException"/> with RESOURCE_EXHAUSTED.
    /// </summary>
    IAsyncEnumerable<Event> WatchEventsAsync(ulong? since, CancellationToken cancellationToken);
}

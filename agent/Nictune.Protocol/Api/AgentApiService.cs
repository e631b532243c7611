using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api;

/// <summary>
/// <c>nictune.v1.Agent</c>: each method hands its request to the daemon's <see cref="IAgentBackend"/>. Who may call
/// what is the <see cref="AuthorizationInterceptor"/>'s job; turning failures into statuses is the
/// <see cref="ErrorInterceptor"/>'s.
/// </summary>
public sealed class AgentApiService(IAgentBackend backend, IHostApplicationLifetime lifetime) : Agent.AgentBase
{
    public override Task<AgentStatus> GetStatus(GetStatusRequest request, ServerCallContext context) =>
        backend.GetStatusAsync(Token(context));

    public override Task<ListInterfacesResponse> ListInterfaces(ListInterfacesRequest request, ServerCallContext context) =>
        backend.ListInterfacesAsync(Token(context));

    public override Task<ListProfilesResponse> ListProfiles(ListProfilesRequest request, ServerCallContext context) =>
        backend.ListProfilesAsync(Token(context));

    public override Task<Profile> GetProfile(GetProfileRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return backend.GetProfileAsync(request.Name, Token(context));
    }

    public override Task<Plan> PlanProfile(PlanProfileRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ProfileCase == PlanProfileRequest.ProfileOneofCase.None)
        {
            throw new ApiException(StatusCode.InvalidArgument, "PlanProfile needs a profile: set name or document");
        }

        return backend.PlanProfileAsync(request, Token(context));
    }

    public override Task<PutProfileResponse> PutProfile(PutProfileRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Document.Length == 0)
        {
            throw new ApiException(StatusCode.InvalidArgument, "PutProfile needs a document: the profile's YAML text");
        }

        if (request.Apply && request.DryRun)
        {
            throw new ApiException(StatusCode.InvalidArgument, "apply and dry_run exclude each other");
        }

        return backend.PutProfileAsync(request, Caller(context), Token(context));
    }

    public override Task<DeleteProfileResponse> DeleteProfile(DeleteProfileRequest request, ServerCallContext context) =>
        backend.DeleteProfileAsync(request, Caller(context), Token(context));

    public override Task<Transaction> ApplyProfile(ApplyProfileRequest request, ServerCallContext context) =>
        backend.ApplyProfileAsync(request, Caller(context), Token(context));

    public override Task<Transaction> Rollback(RollbackRequest request, ServerCallContext context) =>
        backend.RollbackAsync(request, Caller(context), Token(context));

    public override Task<ReloadResponse> Reload(ReloadRequest request, ServerCallContext context) =>
        backend.ReloadAsync(Caller(context), Token(context));

    public override Task<Transaction> ConfirmTransaction(ConfirmTransactionRequest request, ServerCallContext context) =>
        backend.ConfirmTransactionAsync(request, Caller(context), Token(context));

    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<Event> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);

        // A stream ends when the caller goes away or when the agent stops, so that it never holds up a shutdown.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token(context), lifetime.ApplicationStopping);
        try
        {
            await foreach (var item in backend.WatchEventsAsync(request.HasSince ? request.Since : null, stop.Token).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(item, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the agent is stopping"));
        }
    }

    private static CancellationToken Token(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CancellationToken;
    }

    private static CallerIdentity Caller(ServerCallContext context) => ConnectionIdentity.Of(context.GetHttpContext());
}

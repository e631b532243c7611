using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;

namespace Nictune.Host.Daemon;

/// <summary>The <see cref="IAgentControl"/> of the running daemon: every change is a request on its work queue.</summary>
internal sealed class AgentControl(AgentWorkQueue queue, IAgentTuner tuner, AgentService service, AgentStatusBoard board, AgentEventFeed events, PushedProfileChanges pushes) : IAgentControl
{
    private ConfirmationWindow Confirmations => service.Confirmations;

    public AgentEventFeed Events => events;

    public PendingConfirmation? Pending => Confirmations.Pending;

    public string? LastRevert => Confirmations.LastRevert;

    public AgentStatus GetStatus() => board.Snapshot();

    public Task<TuneSummary> ApplyProfileAsync(Func<string> profile, ConfirmRequest? confirm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return PostAsync(
            async () =>
            {
                Confirmations.RequireNone("apply a profile");
                return await Confirmations.HoldAsync(await tuner.ApplyProfileAsync(profile(), CancellationToken.None).ConfigureAwait(false), confirm).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<TuneSummary> RollbackAsync(RollbackTarget target, ConfirmRequest? confirm, CancellationToken cancellationToken) =>
        PostAsync(
            async () =>
            {
                Confirmations.RequireNone("roll back");
                return await Confirmations.HoldAsync(await tuner.RollbackAsync(target, CancellationToken.None).ConfigureAwait(false), confirm).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<TransactionResult> ConfirmAsync(string id, string connection, string caller, CancellationToken cancellationToken) =>
        PostAsync(() => Task.FromResult(Confirmations.Confirm(id, connection, caller)), cancellationToken);

    public Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken) =>
        PostAsync(service.ReloadAsync, cancellationToken);

    public Task<PushResult> PushProfileAsync(ProfilePush push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        return PostAsync(
            async () =>
            {
                Confirmations.RequireNone("push a profile");
                var before = push.Confirm is null ? null : pushes.Before();
                var result = await pushes.PushAsync(push).ConfigureAwait(false);
                return result.Applied is { } applied ? result with { Applied = await Confirmations.HoldAsync(applied, push.Confirm, before).ConfigureAwait(false) } : result;
            },
            cancellationToken);
    }

    public Task<UnpushResult> UnpushProfileAsync(string name, ulong expectedGeneration, CancellationToken cancellationToken) =>
        PostAsync(
            () =>
            {
                Confirmations.RequireNone("delete the pushed profile");
                return pushes.UnpushAsync(name, expectedGeneration);
            },
            cancellationToken);

    private async Task<T> PostAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = AgentRequest.Create(work, out var result);
        if (!queue.TryPost(request))
        {
            throw new AgentUnavailableException($"the agent is stopping, or {AgentWorkQueue.MaxRequests} requests are already waiting; nothing was done");
        }

        try
        {
            return await result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled before its turn: off the queue. Cancelled after: the work goes on to its end; only the wait stops.
            request.TryAbandon();
            throw;
        }
    }
}

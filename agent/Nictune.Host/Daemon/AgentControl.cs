using Nictune.Core.Transactions;
using Nictune.Host.Daemon.Events;
using Nictune.Host.Daemon.Status;

namespace Nictune.Host.Daemon;

/// <summary>The <see cref="IAgentControl"/> of the running daemon: every change is a request on its work queue.</summary>
internal sealed class AgentControl(AgentWorkQueue queue, IAgentTuner tuner, AgentService service, AgentStatusBoard board, AgentEventFeed events, PushedProfileChanges pushes) : IAgentControl
{
    public AgentEventFeed Events => events;

    public AgentStatus GetStatus() => board.Snapshot();

    public Task<TuneSummary> ApplyProfileAsync(Func<string> profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return PostAsync(() => tuner.ApplyProfileAsync(profile(), CancellationToken.None), cancellationToken);
    }

    public Task<TuneSummary> RollbackAsync(RollbackTarget target, CancellationToken cancellationToken) =>
        PostAsync(() => tuner.RollbackAsync(target, CancellationToken.None), cancellationToken);

    public Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken) =>
        PostAsync(service.ReloadAsync, cancellationToken);

    public Task<PushResult> PushProfileAsync(ProfilePush push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        return PostAsync(() => pushes.PushAsync(push), cancellationToken);
    }

    public Task<UnpushResult> UnpushProfileAsync(string name, ulong expectedGeneration, CancellationToken cancellationToken) =>
        PostAsync(() => pushes.UnpushAsync(name, expectedGeneration), cancellationToken);

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

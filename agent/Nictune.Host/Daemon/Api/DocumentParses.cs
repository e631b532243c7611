using Grpc.Core;
using Nictune.Protocol.Api;

namespace Nictune.Host.Daemon.Api;

/// <summary>
/// How many profile documents sent over the API (PlanProfile, PutProfile) are worked on at once. Anyone who can connect
/// may have one parsed and planned (PlanProfile changes nothing), and a document's node tree and plan are many times its
/// text's size, so a flood of them would otherwise take as much memory as there are calls: at most
/// <see cref="Concurrent"/> are parsed (and, for PlanProfile, planned) at once, the others wait up to
/// <see cref="Wait"/> for a turn and are then refused with RESOURCE_EXHAUSTED.
/// </summary>
internal sealed class DocumentParses : IDisposable
{
    /// <summary>Documents worked on at once: one for a client, one more so that a slow one does not stop the rest.</summary>
    public const int Concurrent = 2;

    /// <summary>How long a document waits for a turn; a parse and a plan take milliseconds, so a longer wait means a flood.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _turns = new(Concurrent, Concurrent);

    /// <summary>Runs <paramref name="work"/> in its turn, which lasts until its task completes.</summary>
    /// <exception cref="ApiException">RESOURCE_EXHAUSTED: no turn came within <see cref="Wait"/>.</exception>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (!await _turns.WaitAsync(Wait, cancellationToken).ConfigureAwait(false))
        {
            throw new ApiException(StatusCode.ResourceExhausted, $"the agent is working on {Concurrent} profile documents already and more are waiting; try again");
        }

        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            _turns.Release();
        }
    }

    public void Dispose() => _turns.Dispose();
}

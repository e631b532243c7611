using Grpc.Core;
using Nictune.Protocol.Api;

namespace Nictune.Host.Daemon.Api;

/// <summary>
/// How many profile documents sent over the API (PlanProfile, PutProfile) are parsed at once. Anyone who can connect
/// may have one parsed (PlanProfile changes nothing), and a document's node tree is many times its text's size, so a
/// flood of them would otherwise take as much memory as there are calls: at most <see cref="Concurrent"/> run, the
/// others wait up to <see cref="Wait"/> for a turn and are then refused with RESOURCE_EXHAUSTED.
/// </summary>
internal sealed class DocumentParses : IDisposable
{
    /// <summary>Documents parsed at once: one for a client, one more so that a slow one does not stop the rest.</summary>
    public const int Concurrent = 2;

    /// <summary>How long a document waits for a turn. A parse takes milliseconds; waiting longer means a flood.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _turns = new(Concurrent, Concurrent);

    /// <summary>Runs <paramref name="parse"/> in its turn.</summary>
    /// <exception cref="ApiException">RESOURCE_EXHAUSTED: no turn came within <see cref="Wait"/>.</exception>
    public async Task<T> RunAsync<T>(Func<T> parse, CancellationToken cancellationToken)
    {
        if (!await _turns.WaitAsync(Wait, cancellationToken).ConfigureAwait(false))
        {
            throw new ApiException(StatusCode.ResourceExhausted, $"the agent is parsing {Concurrent} profile documents already and more are waiting; try again");
        }

        try
        {
            return parse();
        }
        finally
        {
            _turns.Release();
        }
    }

    public void Dispose() => _turns.Dispose();
}

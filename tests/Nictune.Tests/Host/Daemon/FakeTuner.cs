using Nictune.Core.Profiles;
using Nictune.Core.Transactions;
using Nictune.Host.Daemon;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Status;

namespace Nictune.Tests.Host.Daemon;

/// <summary>
/// Records every call the daemon makes, in order. Each call can be held open on a gate so a test can observe
/// what the daemon does (or does not do) while tuning is in flight.
/// </summary>
internal sealed class FakeTuner : IAgentTuner
{
    private readonly List<string> _calls = [];
    private readonly List<ReconcileReason> _reconciles = [];

    public TaskCompletionSource BootGate { get; set; } = Open();

    public TaskCompletionSource ReconcileGate { get; set; } = Open();

    public TaskCompletionSource ReconcileEntered { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ApplyGate { get; set; } = Open();

    public TaskCompletionSource ApplyEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? BootFailure { get; set; }

    /// <summary>What the boot tune returns, when it differs from <see cref="Summary"/>.</summary>
    public TuneSummary? BootSummary { get; set; }

    public List<AgentSettings> Reloads { get; } = [];

    public TuneSummary Summary { get; set; } = new("virtio-throughput", 2, 7, 0);

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<ReconcileReason> Reconciles
    {
        get
        {
            lock (_calls)
            {
                return [.. _reconciles];
            }
        }
    }

    public async Task<TuneSummary> TuneAtBootAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        Record("boot:start");
        await BootGate.Task.WaitAsync(cancellationToken);
        if (BootFailure is not null)
        {
            throw BootFailure;
        }

        Record("boot:end");
        return BootSummary ?? Summary;
    }

    public async Task<TuneSummary> ReconcileAsync(ReconcileReason reason, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _reconciles.Add(reason);
        }

        Record($"reconcile:start:{reason.Trigger}");
        ReconcileEntered.TrySetResult();
        await ReconcileGate.Task.WaitAsync(cancellationToken);
        Record($"reconcile:end:{reason.Trigger}");
        return Summary;
    }

    public async Task<TuneSummary> ApplyProfileAsync(string profile, CancellationToken cancellationToken)
    {
        Record($"apply:start:{profile}");
        ApplyEntered.TrySetResult();

        // Deliberately not the token: a transaction, once started, runs to its end.
        await ApplyGate.Task;
        Record($"apply:end:{profile}");
        return Summary;
    }

    /// <summary>Thrown by every rollback, when set.</summary>
    public Exception? RollbackFailure { get; set; }

    public Task<TuneSummary> RollbackAsync(RollbackTarget target, CancellationToken cancellationToken)
    {
        Record($"rollback:{target}");
        return RollbackFailure is null ? Task.FromResult(Summary) : Task.FromException<TuneSummary>(RollbackFailure);
    }

    public Task<TuneSummary> UndoAsync(string transactionId, bool reselect, CancellationToken cancellationToken)
    {
        Record($"undo:{transactionId}");
        return Task.FromResult(Summary);
    }

    /// <summary>When set, <see cref="UsePushedProfileAsync"/> throws it after recording the call (a pass that failed).</summary>
    public Exception? PushedPassFailure { get; set; }

    /// <summary>The profiles <see cref="UsePushedProfileAsync"/> was handed, in order.</summary>
    public List<Profile> PushedProfiles { get; } = [];

    public Task<TuneSummary?> UsePushedProfileAsync(Profile profile, PushedStatus pushed, bool apply, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            PushedProfiles.Add(profile);
        }

        Record($"use-pushed:{profile.Name}:{pushed.Generation}:{(apply ? "pass" : "no-pass")}");
        if (PushedPassFailure is { } failure)
        {
            throw failure;
        }

        return Task.FromResult<TuneSummary?>(apply ? Summary : null);
    }

    public Task<TuneSummary> UseConfiguredProfileAsync(PushedStatus pushed, CancellationToken cancellationToken)
    {
        Record($"use-configured:{pushed.Generation}");
        return Task.FromResult(Summary);
    }

    public Task<TuneSummary> ReloadAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            Reloads.Add(settings);
        }

        Record("reload");
        return Task.FromResult(Summary);
    }

    /// <summary>Set by <see cref="InterruptTransaction"/>: a held reconcile then ends (as a real one would roll back).</summary>
    /// <summary>Adaptive ticks are counted apart from <see cref="Calls"/>: their timing is the sample interval's.</summary>
    public int AdaptCalls => Volatile.Read(ref _adaptCalls);

    private int _adaptCalls;

    public Task AdaptAsync(bool otherWorkWaiting, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _adaptCalls);
        return Task.CompletedTask;
    }

    public bool ReleaseOnInterrupt { get; set; }

    public void InterruptTransaction()
    {
        Record("interrupt");
        if (ReleaseOnInterrupt)
        {
            ReconcileGate.TrySetResult();
        }
    }

    public Task OnStopAsync(AgentSettings settings, CancellationToken cancellationToken)
    {
        Record("stop");
        return Task.CompletedTask;
    }

    private static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private void Record(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
    }
}

namespace Nictune.Host.Daemon;

/// <summary>
/// One piece of work posted to the loop from outside (the API): run once, in turn, with its result handed back to the
/// poster. A poster that stops waiting before the work started takes it off the queue; once started, it runs to its end.
/// </summary>
internal sealed class AgentRequest
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Abandoned = 2;

    private readonly Func<Task> _run;
    private readonly Action<Exception> _fail;
    private int _state;

    private AgentRequest(Func<Task> run, Action<Exception> fail)
    {
        _run = run;
        _fail = fail;
    }

    /// <summary>A request whose result (or exception) completes <paramref name="result"/>.</summary>
    public static AgentRequest Create<T>(Func<Task<T>> work, out TaskCompletionSource<T> result)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        result = completion;
        return new AgentRequest(
            async () =>
            {
                try
                {
                    completion.TrySetResult(await work().ConfigureAwait(false));
                }
                catch (Exception e)
                {
                    completion.TrySetException(e);
                }
            },
            e => completion.TrySetException(e));
    }

    /// <summary>Takes the request off the queue if it has not started; false when it already runs (or ran).</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;

    /// <summary>Runs it, unless its poster abandoned it first. Never throws: the outcome goes to the poster.</summary>
    public Task RunAsync() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued ? _run() : Task.CompletedTask;

    /// <summary>The loop will never run it (stopping): the poster gets <paramref name="reason"/>.</summary>
    public void Fail(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued)
        {
            _fail(reason);
        }
    }
}

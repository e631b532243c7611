namespace Nictune.Host.Daemon;

/// <summary>
/// What start-up leaves on the GC heap: the host's and the web application's builders, DI's construction garbage,
/// discovery's and the boot tune's buffers. Survivors of the collections that ran meanwhile, it sits in gen1 and gen2
/// regions, every page of them touched, until a full collection that an idle daemon may not need for hours. One full,
/// compacting, aggressive collection once start-up is over leaves only what is live and gives the freed regions back
/// to the kernel (bench/README.md, "Idle memory").
/// </summary>
internal static class StartupHeap
{
    /// <summary>
    /// Releases start-up's garbage once the boot tune is done: at once, on the calling thread, if it is already (the
    /// usual case), or else on the thread pool when it completes.
    /// </summary>
    public static void ReleaseOnce(Task bootTuned)
    {
        if (bootTuned.IsCompletedSuccessfully)
        {
            Release();
            return;
        }

        bootTuned.ContinueWith(static _ => Release(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    private static void Release() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}

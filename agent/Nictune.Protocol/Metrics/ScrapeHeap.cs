namespace Nictune.Protocol.Metrics;

/// <summary>
/// What a scrape leaves on the GC heap. A scrape allocates a burst (the collectors' readings, the exposition, the
/// request's own objects) once a scrape interval, and an idle agent allocates little in between. A gen0
/// collection that the burst sets off finds the scrape still running: what it holds survives into gen1 and on into
/// gen2, whose regions an idling agent collects once in hundreds of scrapes, so the heap's committed pages grow by
/// megabytes between those collections while its live data does not (bench/README.md, "Idle memory"). A full,
/// compacting, aggressive collection right after that scrape, when all of it is garbage, leaves only what is live and
/// gives the rest back to the kernel, as after start-up. A scrape during which no collection ran costs nothing more;
/// so there is one such collection at most for each collection that ran during a scrape (two scrapes at once may
/// both see the same one).
/// </summary>
internal readonly struct ScrapeHeap
{
    private readonly int _gen0Collections;

    private ScrapeHeap(int gen0Collections) => _gen0Collections = gen0Collections;

    /// <summary>Notes the collections so far, as a scrape starts.</summary>
    public static ScrapeHeap Begin() => new(GC.CollectionCount(0));

    /// <summary>Once the scrape's response is written: collects the whole heap if a collection ran meanwhile.</summary>
    public void End()
    {
        if (GC.CollectionCount(0) != _gen0Collections)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }
}

using Nictune.Core.Adaptive;
using Nictune.Host.Metrics;
using Nictune.Linux.IO;

namespace Nictune.Host.Adaptive;

/// <summary>Where the daemon's adaptive counters come from.</summary>
internal static class AdaptiveCounters
{
    /// <summary>
    /// The kernel's counters through the metrics' reader; in test builds, the feed file named by
    /// <c>NICTUNE_TEST_DROP_FEED</c> when it is set (<see cref="FeedDropCounterSource"/>).
    /// </summary>
    public static IDropCounterSource Create()
    {
#if NICTUNE_FAULT_HOOK
        if (FeedDropCounterSource.FromEnvironment() is { } feed)
        {
            return feed;
        }
#endif
        return new LinuxDropCounterSource(() => new LinuxNicStatisticsSource(SystemRoot.Live));
    }
}

namespace Nictune.Core.Adaptive;

/// <summary>What the agent does when a receive ring runs out of buffers (docs/adaptive.md).</summary>
public enum AdaptiveMode
{
    /// <summary>Counters are not watched.</summary>
    Off,

    /// <summary>A larger ring is suggested (log, metric, event, status); nothing is written. The default.</summary>
    Suggest,

    /// <summary>The ring is grown as an ordinary transaction, within the safety limits.</summary>
    Apply,
}

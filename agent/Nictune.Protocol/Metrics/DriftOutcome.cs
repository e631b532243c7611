namespace Nictune.Protocol.Metrics;

/// <summary>What the daemon did about a drifted setting (the <c>outcome</c> label of <c>nictune_drift_events_total</c>).</summary>
public enum DriftOutcome
{
    /// <summary>Put back to the profile's value (mode enforce).</summary>
    Corrected,

    /// <summary>Only reported (mode observe).</summary>
    Reported,

    /// <summary>The kernel refused the correction, so the setting is left out of later passes.</summary>
    SetAside,
}

namespace Nictune.Host.Daemon.Events;

/// <summary>What the agent does, or did, about a drifted setting.</summary>
public enum DriftOutcome
{
    /// <summary>Enforce mode: the pass puts the profile's value back.</summary>
    Correcting,

    /// <summary>Observe mode: reported only, nothing written.</summary>
    Reported,

    /// <summary>The profile's value was written back and read back.</summary>
    Corrected,

    /// <summary>The kernel refused the write; the setting is left out of later passes until the profile or configuration changes.</summary>
    SetAside,

    /// <summary>The pass failed and rolled back; it is tried again at the next pass.</summary>
    Failed,
}

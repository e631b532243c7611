namespace Nictune.Core.Transactions;

/// <summary>
/// What the daemon does, or did, about a managed setting found away from the profile's value: the <c>outcome</c> of
/// its drift events and log lines, and of <c>nictune_drift_events_total</c>.
/// </summary>
public enum DriftOutcome
{
    /// <summary>Enforce mode: the pass puts the profile's value back.</summary>
    Correcting,

    /// <summary>Observe mode: reported only, nothing written.</summary>
    Reported,

    /// <summary>The profile's value was written back and read back.</summary>
    Corrected,

    /// <summary>
    /// The kernel refused the write for good (<see cref="SetAsideSettings"/>): the setting is left out of later passes
    /// until the profile or configuration changes.
    /// </summary>
    SetAside,

    /// <summary>
    /// Not corrected, and not set aside: the write failed with a transient error (EBUSY, EIO, ENOMEM, …) or the pass
    /// rolled back because of another setting. It is tried again at the next pass.
    /// </summary>
    Failed,
}

/// <summary>The one spelling of <see cref="DriftOutcome"/> in logs, events and metric labels.</summary>
public static class DriftOutcomes
{
    /// <summary>correcting, reported, corrected, set_aside, failed.</summary>
    public static string Word(DriftOutcome outcome) => outcome switch
    {
        DriftOutcome.Correcting => "correcting",
        DriftOutcome.Reported => "reported",
        DriftOutcome.Corrected => "corrected",
        DriftOutcome.SetAside => "set_aside",
        _ => "failed",
    };
}

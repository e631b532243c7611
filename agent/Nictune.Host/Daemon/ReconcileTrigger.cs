namespace Nictune.Host.Daemon;

public enum ReconcileTrigger
{
    /// <summary>Links were added, changed, renamed or removed; <see cref="ReconcileReason.LinkEvents"/> says which.</summary>
    LinkChange,

    /// <summary>Link notifications were lost: re-read every interface.</summary>
    Resync,

    /// <summary>The drift interval elapsed.</summary>
    Drift,
}

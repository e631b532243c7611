namespace Nictune.Core.Adaptive;

/// <summary>What the controller remembers about one interface.</summary>
internal sealed class DeviceRingState
{
    public DropWindow Window { get; } = new();

    /// <summary>The rx ring size seen at the last decision.</summary>
    public long? LastRx { get; set; }

    /// <summary>When the ring last changed (an adaptive step, or a change seen between two decisions).</summary>
    public DateTimeOffset? LastChange { get; set; }

    /// <summary>The rate an Apply verdict was given for, until its outcome comes back.</summary>
    public DropRate? ApplyRate { get; set; }

    /// <summary>After a growth: when, and the rate before it; checked once a full window has passed.</summary>
    public (DateTimeOffset At, DropRate Before)? PendingCheck { get; set; }

    public bool NotHelping { get; set; }

    /// <summary>Why growth is set aside for this device until the profile changes; null when it is not.</summary>
    public string? SetAside { get; set; }

    public AdaptiveVerdict? Suggestion { get; set; }

    /// <summary>True once a change from before the controller existed was taken into account.</summary>
    public bool Remembered { get; set; }

    public DateTimeOffset? SuggestedAt { get; set; }

    /// <summary>The ring size at which "at maximum" was last reported, so it is reported once per size.</summary>
    public long? AtMaximumReported { get; set; }
}

namespace Nictune.Core.Adaptive;

/// <summary>What a verdict asks of the daemon.</summary>
public enum AdaptiveAction
{
    /// <summary>Tell the operator which value would help; write nothing.</summary>
    Suggest,

    /// <summary>Grow the ring now, as a transaction.</summary>
    Apply,

    /// <summary>Drops are sustained but the ring is at its maximum: nothing is left to grow.</summary>
    AtMaximum,

    /// <summary>A growth did not bring drops down: no further step without the operator.</summary>
    NotHelping,
}

namespace Nictune.Core.Guard;

/// <summary>What the gateway probe makes of a neighbour entry's state.</summary>
public enum NeighbourStatus
{
    /// <summary>No answer yet: no entry, or one being resolved or confirmed (INCOMPLETE, STALE, DELAY, PROBE).</summary>
    Pending,

    /// <summary>The neighbour answered: REACHABLE.</summary>
    Reachable,

    /// <summary>The kernel gave up resolving it: FAILED.</summary>
    Failed,

    /// <summary>An entry that is never resolved (PERMANENT, NOARP): it proves nothing either way.</summary>
    Static,
}

/// <summary>One look at the neighbour entry of an address on an interface.</summary>
/// <param name="Status">What it means for the probe.</param>
/// <param name="State">The kernel's state as <c>ip neigh</c> names it (REACHABLE, FAILED, …), for the evidence.</param>
public readonly record struct NeighbourSample(NeighbourStatus Status, string State);

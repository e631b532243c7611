namespace Nictune.Core.Guard;

/// <summary>What the guard saw of one target before the change.</summary>
/// <param name="Target">The interface.</param>
/// <param name="Sample">Its carrier and rx counter just before the change (null: it could not be read).</param>
/// <param name="RxRising">With the counter check: whether rx packets rose over the window before the change.</param>
/// <param name="Reachable">The probes that succeeded through it before the change: only those are required after.</param>
public sealed record GuardBefore(GuardTarget Target, LinkSample? Sample, bool RxRising, IReadOnlyList<GuardProbe> Reachable)
{
    /// <summary>With the gateway probe: the default gateways through it whose neighbour entry became REACHABLE before the change.</summary>
    public IReadOnlyList<System.Net.IPAddress> Gateways { get; init; } = [];
}

namespace Nictune.Core.Guard;

/// <summary>
/// What the health guard checks after a transaction that changed interfaces (the <c>guard:</c> section of agent.yaml,
/// docs/guard.md): the link check (on by default), reachability probes (none until configured) and the rx counter
/// check (off until configured, since it watches the interface for a window before and after the change).
/// </summary>
/// <param name="Link">Whether a changed interface whose carrier was up before the change must have it back.</param>
/// <param name="LinkTimeout">How long the carrier may take to come back.</param>
/// <param name="Probes">TCP connects that must succeed through the changed interface.</param>
/// <param name="ProbeTimeout">How long each probe may take to succeed again, once the link check is done.</param>
/// <param name="CountersWindow">When set: rx packets are watched this long before and after the change, and must
/// keep rising after it when they rose before it.</param>
public sealed record GuardPolicy(
    bool Link,
    TimeSpan LinkTimeout,
    IReadOnlyList<GuardProbe> Probes,
    TimeSpan ProbeTimeout,
    TimeSpan? CountersWindow)
{
    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MinCountersWindow = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MaxCountersWindow = TimeSpan.FromMinutes(1);

    /// <summary>The <c>probe:</c> entry that asks for the gateway probe (docs/guard.md).</summary>
    public const string GatewayProbe = "gateway";

    /// <summary>
    /// Whether the gateway probe runs: the neighbour entry of each default route's gateway through the changed
    /// interface must become REACHABLE again within <see cref="ProbeTimeout"/> (the <c>gateway</c> entry of <c>probe:</c>).
    /// </summary>
    public bool Gateway { get; init; }

    /// <summary>The most probes one configuration may list: each costs a connect per interface after every change.</summary>
    public const int MaxProbes = 8;

    /// <summary>The link check on with its 10 s bound; no probes, no counter check.</summary>
    public static GuardPolicy Default { get; } = new(true, TimeSpan.FromSeconds(10), [], TimeSpan.FromSeconds(5), null);

    /// <summary>No check at all.</summary>
    public static GuardPolicy Off { get; } = Default with { Link = false };

    /// <summary>True when there is anything to check.</summary>
    public bool IsActive => Link || Probes.Count > 0 || Gateway || CountersWindow is not null;
}

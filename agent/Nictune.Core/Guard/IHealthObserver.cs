namespace Nictune.Core.Guard;

/// <summary>The guard's port to the system: what it observes of an interface, and its probes.</summary>
public interface IHealthObserver
{
    /// <summary>The interface's carrier and rx counter now; null when the interface is gone.</summary>
    LinkSample? Sample(string nic);

    /// <summary>
    /// <see cref="Sample(string)"/> of each of <paramref name="nics"/>, in their order: the guard looks at every
    /// interface of a round through this, so that an observer able to see them all at once (one rtnetlink dump) does.
    /// </summary>
    IReadOnlyList<LinkSample?> Sample(IReadOnlyList<string> nics) => [.. nics.Select(Sample)];

    /// <summary>
    /// Tries <paramref name="probe"/> once through <paramref name="nic"/>, waiting at most <paramref name="timeout"/>;
    /// null when it succeeded, otherwise why it did not (for the evidence).
    /// </summary>
    string? Probe(GuardProbe probe, string nic, TimeSpan timeout);

    /// <summary>The gateways of the default routes (IPv4 and IPv6) that leave through <paramref name="nic"/>.</summary>
    IReadOnlyList<System.Net.IPAddress> Gateways(string nic);

    /// <summary>
    /// Has the kernel confirm <paramref name="neighbour"/> on <paramref name="nic"/> afresh (ARP or NDP), even when
    /// its entry reads REACHABLE now; null when asked, otherwise why not (for the evidence).
    /// </summary>
    string? Solicit(System.Net.IPAddress neighbour, string nic);

    /// <summary>The neighbour entry of <paramref name="neighbour"/> on <paramref name="nic"/> now.</summary>
    NeighbourSample Neighbour(System.Net.IPAddress neighbour, string nic);
}

namespace Nictune.Core.Guard;

/// <summary>The guard's port to the system: what it observes of an interface, and its probes.</summary>
public interface IHealthObserver
{
    /// <summary>The interface's carrier and rx counter now; null when the interface is gone.</summary>
    LinkSample? Sample(string nic);

    /// <summary>
    /// Tries <paramref name="probe"/> once through <paramref name="nic"/>, waiting at most <paramref name="timeout"/>;
    /// null when it succeeded, otherwise why it did not (for the evidence).
    /// </summary>
    string? Probe(GuardProbe probe, string nic, TimeSpan timeout);
}

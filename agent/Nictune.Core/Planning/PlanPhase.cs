namespace Nictune.Core.Planning;

/// <summary>The phases of a device's writes, in write order (see <see cref="PlanOrdering"/>).</summary>
public enum PlanPhase
{
    Sysctl,
    LinkReset,
    Device,
    Steering,
    IrqAffinity,
}

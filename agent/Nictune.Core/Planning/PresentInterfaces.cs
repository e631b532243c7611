using Nictune.Core.Model;

namespace Nictune.Core.Planning;

/// <summary>
/// Every interface the system had when a plan was made, by name and by <see cref="DeviceIdentity"/>, including any
/// the agent's configuration keeps out of the plan: the baseline forgets only interfaces that are really gone.
/// </summary>
/// <param name="Names">Interface names.</param>
/// <param name="Devices">Device identities of the interfaces that have one.</param>
public sealed record PresentInterfaces(IReadOnlySet<string> Names, IReadOnlySet<string> Devices)
{
    public static PresentInterfaces Of(SystemInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        return new PresentInterfaces(
            inventory.Interfaces.Select(n => n.Name).ToHashSet(StringComparer.Ordinal),
            inventory.Interfaces.Select(DeviceIdentity.Of).OfType<string>().ToHashSet(StringComparer.Ordinal));
    }
}

namespace Nictune.Linux.Sysfs;

/// <summary>
/// Live driver facts sysfs does not expose (ethtool's GDRVINFO). Optional: discovery without one leaves
/// <c>DriverVersion</c> and <c>Firmware</c> null, as it must for a fixture tree.
/// </summary>
public interface IDriverInfoSource
{
    /// <summary>
    /// The driver name, version and firmware of an interface, or null when unknown. Must not throw. The name matters
    /// for software devices, which have no sysfs driver link but do answer GDRVINFO (veth, bridge, bonding, tun).
    /// </summary>
    (string? Driver, string? Version, string? Firmware)? GetDriverInfo(string ifname);
}

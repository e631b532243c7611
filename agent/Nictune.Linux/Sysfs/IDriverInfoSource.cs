namespace Nictune.Linux.Sysfs;

/// <summary>
/// Live driver facts sysfs does not expose (ethtool's GDRVINFO). Optional: discovery without one leaves
/// <c>DriverVersion</c> and <c>Firmware</c> null, as it must for a fixture tree.
/// </summary>
public interface IDriverInfoSource
{
    /// <summary>The driver version and firmware of an interface, or null when unknown. Must not throw.</summary>
    (string? Version, string? Firmware)? GetDriverInfo(string ifname);
}

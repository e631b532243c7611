namespace Nictune.Core.Model;

/// <summary>
/// What makes an interface "the same device" across renames (docs/profiles.md, "The same device"): its bus location
/// (the sysfs device it is bound to: a PCI function, a VMBus channel), with the port name for a device that has
/// several. A software interface (veth, bridge) has none, and only its name identifies it.
/// </summary>
public static class DeviceIdentity
{
    /// <summary>The interface's stable identity, or null when only its name identifies it.</summary>
    public static string? Of(NetInterface nic)
    {
        ArgumentNullException.ThrowIfNull(nic);
        if (nic.DevicePath is not { Length: > 0 } device)
        {
            return null;
        }

        return nic.PhysPortName is { Length: > 0 } port ? $"{device}#{port}" : device;
    }

    /// <summary>
    /// The identity with the driver bound to it, the driver's version and the firmware's: what a refused write is
    /// remembered for, since another driver or firmware may take it (docs/state.md, "Driver adjustments"). Null when
    /// only the name identifies the interface.
    /// </summary>
    public static string? WithDriver(NetInterface nic) =>
        Of(nic) is { } device ? $"{device} {nic.Driver ?? "-"} {nic.DriverVersion ?? "-"} {nic.Firmware ?? "-"}" : null;
}

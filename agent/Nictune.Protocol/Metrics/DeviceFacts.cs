namespace Nictune.Protocol.Metrics;

/// <summary>
/// What <c>nictune_device_info</c> says about one interface: facts read at discovery and on link changes, never on
/// every scrape. Absent facts are empty label values.
/// </summary>
/// <param name="PciId">vendor:device, e.g. <c>15ad:07b0</c>.</param>
/// <param name="Failover">The failover role (master, primary, standby), or empty.</param>
public sealed record DeviceFacts(
    int IfIndex,
    string Device,
    string Driver,
    string Class,
    string Hypervisor,
    string PciAddress,
    string PciId,
    string DriverVersion,
    string FirmwareVersion,
    string Failover);

using Nictune.Core.Model;

namespace Nictune.Linux.Sysfs;

/// <summary>
/// Live driver facts asked of the driver through ethtool: those sysfs does not expose (GDRVINFO), and the link speed and
/// channel counts, which one ioctl each gives where sysfs takes a file or a listing of three calls. Optional: discovery without one leaves
/// <c>DriverVersion</c> and <c>Firmware</c> null, as it must for a fixture tree.
/// </summary>
public interface IDriverInfoSource
{
    /// <summary>
    /// The driver name, version and firmware of an interface, or null when unknown. Must not throw. The name matters
    /// for software devices, which have no sysfs driver link but do answer GDRVINFO (veth, bridge, bonding, tun).
    /// </summary>
    (string? Driver, string? Version, string? Firmware)? GetDriverInfo(string ifname);

    /// <summary>
    /// The link speed the driver reports, as the <c>%d</c> of the <c>speed</c> file prints it (negative for
    /// SPEED_UNKNOWN), or null when the driver reports none (no get_link_ksettings) or the call fails. Unlike the file,
    /// it does not look at whether the device runs: that is the caller's (docs/discovery.md). Must not throw.
    /// </summary>
    int? GetLinkSpeed(string ifname);

    /// <summary>
    /// The rx and tx channel counts the driver reports (ETHTOOL_GCHANNELS), or null when it reports none or the call
    /// fails. Which drivers' counts are their real queue counts is the caller's to know (docs/discovery.md). Must not throw.
    /// </summary>
    (int Rx, int Tx)? GetChannelCounts(string ifname);

    /// <summary>
    /// The most channels the driver reports the device can run (ETHTOOL_GCHANNELS maximums), or null when it reports
    /// none or the call fails. Must not throw.
    /// </summary>
    ChannelMaximum? GetChannelMaximum(string ifname);
}

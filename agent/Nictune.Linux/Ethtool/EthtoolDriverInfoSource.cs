using Nictune.Linux.Sysfs;

namespace Nictune.Linux.Ethtool;

/// <summary>Gives discovery the driver version and firmware (ETHTOOL_GDRVINFO) and the link speed (ETHTOOL_GSET) on a live system.</summary>
public sealed class EthtoolDriverInfoSource(IEthtoolClient ethtool) : IDriverInfoSource
{
    public (string? Driver, string? Version, string? Firmware)? GetDriverInfo(string ifname)
    {
        try
        {
            var info = ethtool.GetDriverInfo(ifname);
            return (NullIfEmpty(info.Driver), NullIfEmpty(info.Version), NullIfEmpty(info.FirmwareVersion));
        }
        catch (EthtoolException)
        {
            // Software devices without get_drvinfo, and interfaces that vanished since the sysfs walk.
            return null;
        }
    }

    public int? GetLinkSpeed(string ifname)
    {
        try
        {
            return unchecked((int)ethtool.GetLinkSpeed(ifname));
        }
        catch (EthtoolException)
        {
            // No get_link_ksettings (EOPNOTSUPP), or the interface is gone (ENODEV): the speed file fails the same way.
            return null;
        }
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}

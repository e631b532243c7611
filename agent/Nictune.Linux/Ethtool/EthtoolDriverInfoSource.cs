using Nictune.Linux.Sysfs;

namespace Nictune.Linux.Ethtool;

/// <summary>Gives discovery the driver version and firmware from ETHTOOL_GDRVINFO on a live system.</summary>
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

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}

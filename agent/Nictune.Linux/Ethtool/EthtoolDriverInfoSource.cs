using Nictune.Core.Model;
using Nictune.Linux.Sysfs;

namespace Nictune.Linux.Ethtool;

/// <summary>
/// Gives discovery the driver version and firmware (ETHTOOL_GDRVINFO), the link speed (ETHTOOL_GSET) and the channel
/// counts (ETHTOOL_GCHANNELS) on a live system.
/// </summary>
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

    public (int Rx, int Tx)? GetChannelCounts(string ifname)
    {
        try
        {
            var channels = ethtool.GetChannels(ifname);
            return channels.Rx <= int.MaxValue && channels.Tx <= int.MaxValue ? ((int)channels.Rx, (int)channels.Tx) : null;
        }
        catch (EthtoolException)
        {
            return null;
        }
    }

    public ChannelMaximum? GetChannelMaximum(string ifname)
    {
        try
        {
            var channels = ethtool.GetChannels(ifname);
            return new ChannelMaximum(Clamp(channels.MaxCombined), Clamp(channels.MaxRx), Clamp(channels.MaxTx));
        }
        catch (EthtoolException)
        {
            // No get_channels (EOPNOTSUPP), or the interface is gone.
            return null;
        }
    }

    private static int Clamp(uint count) => (int)Math.Min(count, int.MaxValue);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}

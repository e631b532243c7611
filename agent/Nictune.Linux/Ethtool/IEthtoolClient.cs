namespace Nictune.Linux.Ethtool;

/// <summary>
/// Typed ethtool operations on one interface name. Every failure is an <see cref="EthtoolException"/> with the errno;
/// EOPNOTSUPP means the driver lacks the operation.
/// </summary>
public interface IEthtoolClient
{
    DriverInfo GetDriverInfo(string interfaceName);

    /// <summary>
    /// The link speed in Mb/s the driver reports (ETHTOOL_GSET), as the kernel's u32: SPEED_UNKNOWN is 0xffffffff.
    /// The kernel asks the driver whether or not the device is up.
    /// </summary>
    uint GetLinkSpeed(string interfaceName);

    RingParameters GetRingParameters(string interfaceName);

    /// <summary>Sets all four ring sizes; the maximums are ignored.</summary>
    void SetRingParameters(string interfaceName, RingParameters rings);

    ChannelParameters GetChannels(string interfaceName);

    /// <summary>Sets all four channel counts; the maximums are ignored.</summary>
    void SetChannels(string interfaceName, ChannelParameters channels);

    CoalesceParameters GetCoalesce(string interfaceName);

    void SetCoalesce(string interfaceName, CoalesceParameters coalesce);

    /// <summary>Every feature the kernel names, in the kernel's bit order.</summary>
    IReadOnlyList<FeatureState> GetFeatures(string interfaceName);

    /// <summary>
    /// Requests each named feature on (true) or off; unknown names throw <see cref="ArgumentException"/>.
    /// <paramref name="before"/> is the state the caller has just read with <see cref="GetFeatures"/>, which
    /// <see cref="FeatureChangeResult.Changed"/> is measured against; null reads it first (one more ioctl).
    /// </summary>
    FeatureChangeResult SetFeatures(
        string interfaceName,
        IReadOnlyDictionary<string, bool> changes,
        IReadOnlyList<FeatureState>? before = null);

    /// <summary>The driver's statistics in the driver's order; empty when it has none.</summary>
    IReadOnlyList<EthtoolStatistic> GetStatistics(string interfaceName);

}

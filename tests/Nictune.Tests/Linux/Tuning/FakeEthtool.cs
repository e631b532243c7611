using Nictune.Core.Tuning;
using Nictune.Linux.Ethtool;

namespace Nictune.Tests.Linux.Tuning;

/// <summary>An in-memory device behind <see cref="IEthtoolClient"/>: it checks maximums like the ethtool core does.</summary>
internal sealed class FakeEthtool : IEthtoolClient
{
    public RingParameters? Rings { get; set; } = new(Rx: 512, RxMini: 0, RxJumbo: 0, Tx: 1024, RxMax: 4096, RxMiniMax: 0, RxJumboMax: 0, TxMax: 4096);

    public ChannelParameters? Channels { get; set; } = new(Rx: 0, Tx: 0, Other: 1, Combined: 4, MaxRx: 0, MaxTx: 0, MaxOther: 1, MaxCombined: 8);

    public CoalesceParameters? Coalesce { get; set; } = new() { RxUsecs = 50, TxUsecs = 50, RxFrames = 64, AdaptiveRx = true, RateSampleInterval = 2 };

    public List<FeatureState> Features { get; } =
    [
        new("rx-gro", Available: true, Requested: true, Active: true, NeverChanged: false),
        new("tx-tcp-segmentation", Available: true, Requested: true, Active: true, NeverChanged: false),
        new("rx-lro", Available: false, Requested: false, Active: false, NeverChanged: false),
        new("tx-checksum-ip-generic", Available: true, Requested: true, Active: true, NeverChanged: false),
    ];

    /// <summary>Features the "driver" refuses to turn on even though the kernel records the wish.</summary>
    public HashSet<string> Stubborn { get; } = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    /// <summary>When set, every G* command fails with this errno.</summary>
    public int? FailReadsWith { get; set; }

    public DriverInfo GetDriverInfo(string interfaceName) => new("fake", "1.0", string.Empty, "0000:00:03.0");

    public uint GetLinkSpeed(string interfaceName) => 10000;

    public RingParameters GetRingParameters(string interfaceName) => Get("ETHTOOL_GRINGPARAM", interfaceName, Rings);

    public void SetRingParameters(string interfaceName, RingParameters rings)
    {
        var current = Get("ETHTOOL_SRINGPARAM", interfaceName, Rings);
        if (rings.Rx > current.RxMax || rings.Tx > current.TxMax || rings.RxMini > current.RxMiniMax || rings.RxJumbo > current.RxJumboMax)
        {
            throw new EthtoolException(Errnos.EINVAL, "ETHTOOL_SRINGPARAM", interfaceName);
        }

        Rings = rings with { RxMax = current.RxMax, RxMiniMax = current.RxMiniMax, RxJumboMax = current.RxJumboMax, TxMax = current.TxMax };
    }

    public ChannelParameters GetChannels(string interfaceName) => Get("ETHTOOL_GCHANNELS", interfaceName, Channels);

    public void SetChannels(string interfaceName, ChannelParameters channels)
    {
        var current = Get("ETHTOOL_SCHANNELS", interfaceName, Channels);
        if (channels.Combined > current.MaxCombined || channels.Rx > current.MaxRx || channels.Tx > current.MaxTx)
        {
            throw new EthtoolException(Errnos.EINVAL, "ETHTOOL_SCHANNELS", interfaceName);
        }

        Channels = channels with { MaxRx = current.MaxRx, MaxTx = current.MaxTx, MaxOther = current.MaxOther, MaxCombined = current.MaxCombined };
    }

    public CoalesceParameters GetCoalesce(string interfaceName) => Get("ETHTOOL_GCOALESCE", interfaceName, Coalesce);

    public void SetCoalesce(string interfaceName, CoalesceParameters coalesce)
    {
        Get("ETHTOOL_SCOALESCE", interfaceName, Coalesce);
        Coalesce = coalesce;
    }

    public IReadOnlyList<FeatureState> GetFeatures(string interfaceName)
    {
        Calls.Add("ETHTOOL_GFEATURES");
        return FailReadsWith is { } errno ? throw new EthtoolException(errno, "ETHTOOL_GFEATURES", interfaceName) : [.. Features];
    }

    public FeatureChangeResult SetFeatures(
        string interfaceName,
        IReadOnlyDictionary<string, bool> changes,
        IReadOnlyList<FeatureState>? before = null)
    {
        // Like the real client: without the caller's state, it reads the features itself first.
        if (before is null)
        {
            Calls.Add("ETHTOOL_GFEATURES");
        }

        Calls.Add("ETHTOOL_SFEATURES " + string.Join(',', changes.Select(c => $"{c.Key}={c.Value}")));
        var changed = new List<string>();
        var refused = new List<string>();
        var warnings = FeatureChangeWarnings.None;
        foreach (var (name, on) in changes)
        {
            var i = Features.FindIndex(f => f.Name == name);
            var f = Features[i];
            if (!f.Available)
            {
                refused.Add(name);
                warnings |= FeatureChangeWarnings.Unsupported;
                continue;
            }

            var active = on && Stubborn.Contains(name) ? f.Active : on;
            if (active != on)
            {
                refused.Add(name);
                warnings |= FeatureChangeWarnings.Wish;
            }

            if (active != f.Active)
            {
                changed.Add(name);
            }

            Features[i] = f with { Requested = on, Active = active };
        }

        return new FeatureChangeResult(changed, refused, warnings);
    }

    public IReadOnlyList<EthtoolStatistic> GetStatistics(string interfaceName) => [];

    private T Get<T>(string command, string interfaceName, T? value)
        where T : class
    {
        Calls.Add(command);
        if (FailReadsWith is { } errno)
        {
            throw new EthtoolException(errno, command, interfaceName);
        }

        return value ?? throw new EthtoolException(Errnos.EOPNOTSUPP, command, interfaceName);
    }
}

namespace Nictune.Linux.Ethtool;

/// <summary>
/// One netdev feature from ETHTOOL_GFEATURES, named by the kernel (<c>rx-gro</c>, <c>tx-tcp-segmentation</c>).
/// <see cref="Available"/>: the device lets it be changed; <see cref="Requested"/>: what was asked for;
/// <see cref="Active"/>: what is in effect; <see cref="NeverChanged"/>: no device may change it.
/// </summary>
public sealed record FeatureState(string Name, bool Available, bool Requested, bool Active, bool NeverChanged)
{
    /// <summary>What <c>ethtool -k</c> marks <c>[fixed]</c>.</summary>
    public bool IsFixed => !Available || NeverChanged;
}

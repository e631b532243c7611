namespace Nictune.Linux.Ethtool;

/// <summary>The positive result of ETHTOOL_SFEATURES (ETHTOOL_F_* in linux/ethtool.h): why some requests did not take.</summary>
[Flags]
public enum FeatureChangeWarnings
{
    None = 0,

    /// <summary>Some requested features are not changeable on this device; the rest were applied.</summary>
    Unsupported = 1 << 0,

    /// <summary>Some requests were recorded but are not in effect (a dependency or the driver said no).</summary>
    Wish = 1 << 1,

    /// <summary>Some changes went through the driver's legacy per-feature operations.</summary>
    Compat = 1 << 2,
}

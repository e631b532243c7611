namespace Nictune.Core.Tuning;

public enum SettingScope
{
    /// <summary>A kernel sysctl under /proc/sys; <see cref="SettingKey.Target"/> is empty.</summary>
    Sysctl,
    /// <summary>A setting of one network interface (ethtool, sysfs queue files, its IRQs).</summary>
    Interface,
}

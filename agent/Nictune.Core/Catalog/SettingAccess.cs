namespace Nictune.Core.Catalog;

/// <summary>How far a setting reaches: the whole host (a sysctl), one interface, or one queue or IRQ of it.</summary>
public enum SettingLevel
{
    Host,
    Interface,
    Queue,
}

/// <summary>The ethtool get/set pair a setting lives in; the Linux adapter reads and writes the whole block.</summary>
public enum EthtoolBlock
{
    /// <summary>ETHTOOL_GRINGPARAM / ETHTOOL_SRINGPARAM (<c>struct ethtool_ringparam</c>).</summary>
    Ring,

    /// <summary>ETHTOOL_GCHANNELS / ETHTOOL_SCHANNELS (<c>struct ethtool_channels</c>).</summary>
    Channels,

    /// <summary>ETHTOOL_GCOALESCE / ETHTOOL_SCOALESCE (<c>struct ethtool_coalesce</c>).</summary>
    Coalesce,

    /// <summary>ETHTOOL_GFEATURES / ETHTOOL_SFEATURES, by kernel feature name.</summary>
    Features,
}

/// <summary>The directory a file-backed setting's file is in; the Linux adapter knows where each one is.</summary>
public enum FileDirectory
{
    /// <summary><c>/sys/class/net/&lt;if&gt;/</c>.</summary>
    Interface,

    /// <summary><c>/sys/class/net/&lt;if&gt;/queues/&lt;rx-N|tx-N&gt;/</c>; the queue is the setting name's member.</summary>
    Queue,

    /// <summary><c>/proc/irq/&lt;N&gt;/</c>; the IRQ is the setting name's member.</summary>
    Irq,

    /// <summary><c>/proc/sys/</c>, the file named by the sysctl's dotted key.</summary>
    ProcSys,
}

/// <summary>How the Linux adapter reads and writes a setting: data here, executed in Nictune.Linux.</summary>
public abstract record SettingAccess;

/// <summary>One field of an ethtool block, named as in the kernel's uapi struct (<c>rx_pending</c>), or a feature.</summary>
public sealed record EthtoolAccess(EthtoolBlock Block, string Field) : SettingAccess;

/// <summary>One file, <see cref="File"/> in <see cref="Directory"/> (empty for a sysctl, whose key names its file).</summary>
public sealed record KernelFileAccess(FileDirectory Directory, string File) : SettingAccess;

namespace Nictune.Core.Planning;

/// <summary>What an interface setting is, from its name (see <see cref="SettingNames.KindOf"/>).</summary>
public enum SettingKind
{
    Other,
    Ring,
    Channels,
    Coalesce,
    Feature,
    TxQueueLen,
    RpsCpus,
    RpsFlowCount,
    XpsCpus,
    IrqAffinity,
}

namespace Nictune.Linux;

internal static partial class Interop
{
    /// <summary>Command numbers and constants of include/uapi/linux/ethtool.h; the structs sit beside this file.</summary>
    internal static partial class Ethtool
    {
        internal const uint ETHTOOL_GSET = 0x00000001;
        internal const uint ETHTOOL_GDRVINFO = 0x00000003;
        internal const uint ETHTOOL_GCOALESCE = 0x0000000e;
        internal const uint ETHTOOL_SCOALESCE = 0x0000000f;
        internal const uint ETHTOOL_GRINGPARAM = 0x00000010;
        internal const uint ETHTOOL_SRINGPARAM = 0x00000011;
        internal const uint ETHTOOL_GSTRINGS = 0x0000001b;
        internal const uint ETHTOOL_GSTATS = 0x0000001d;
        internal const uint ETHTOOL_GSSET_INFO = 0x00000037;
        internal const uint ETHTOOL_GFEATURES = 0x0000003a;
        internal const uint ETHTOOL_SFEATURES = 0x0000003b;
        internal const uint ETHTOOL_GCHANNELS = 0x0000003c;
        internal const uint ETHTOOL_SCHANNELS = 0x0000003d;

        /// <summary>enum ethtool_stringset.</summary>
        internal const uint ETH_SS_STATS = 1;
        internal const uint ETH_SS_FEATURES = 4;

        internal const int ETH_GSTRING_LEN = 32;
        internal const int ETHTOOL_FWVERS_LEN = 32;
        internal const int ETHTOOL_BUSINFO_LEN = 32;
        internal const int ETHTOOL_EROMVERS_LEN = 32;

        /// <summary>Positive SFEATURES results (enum ethtool_sfeatures_retval_bits).</summary>
        internal const int ETHTOOL_F_UNSUPPORTED = 1 << 0;
        internal const int ETHTOOL_F_WISH = 1 << 1;
        internal const int ETHTOOL_F_COMPAT = 1 << 2;
    }
}

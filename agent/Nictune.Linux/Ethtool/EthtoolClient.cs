using System.Runtime.InteropServices;
using System.Text;
using Nictune.Core.Tuning;
using static Nictune.Linux.Interop.Ethtool;
using Tmds.Linux;

namespace Nictune.Linux.Ethtool;

/// <summary>
/// The legacy ethtool ioctl interface (SIOCETHTOOL) over one AF_INET datagram socket. The socket, and so every
/// operation, belongs to the network namespace of the thread that created the client. Calls are independent
/// ioctls, so one client may be shared between threads.
/// </summary>
public sealed unsafe class EthtoolClient : IEthtoolClient, IDisposable
{
    /// <summary>
    /// GSTRINGS and GSTATS copy out as many entries as the driver has at that moment, whatever count we pass, so a
    /// set that grows between the count and the copy (a channel change) would overrun an exact-size buffer.
    /// </summary>
    private const int SlackEntries = 64;

    private const int MaxStatisticsAttempts = 3;

    private readonly SafeFileDescriptor _socket;

    /// <summary>
    /// The ETH_SS_FEATURES names come from the kernel's own netdev_features_strings table, not from the driver, so
    /// they are the same for every device: read them once instead of two extra ioctls per feature read or write.
    /// </summary>
    private string[]? _featureNames;

    public EthtoolClient()
    {
        var fd = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new EthtoolException(Interop.Errors.LastErrno(), "socket(AF_INET, SOCK_DGRAM)", string.Empty);
        }

        _socket = new SafeFileDescriptor(fd);
    }

    public DriverInfo GetDriverInfo(string interfaceName)
    {
        var info = new ethtool_drvinfo { cmd = ETHTOOL_GDRVINFO };
        Call(interfaceName, &info);
        return new DriverInfo(
            CString(info.driver, 32),
            CString(info.version, 32),
            CString(info.fw_version, ETHTOOL_FWVERS_LEN),
            CString(info.bus_info, ETHTOOL_BUSINFO_LEN));
    }

    public uint GetLinkSpeed(string interfaceName)
    {
        var settings = new ethtool_cmd { cmd = ETHTOOL_GSET };
        Call(interfaceName, &settings);
        return ((uint)settings.speed_hi << 16) | settings.speed;
    }

    public RingParameters GetRingParameters(string interfaceName)
    {
        var r = new ethtool_ringparam { cmd = ETHTOOL_GRINGPARAM };
        Call(interfaceName, &r);
        return new RingParameters(
            r.rx_pending, r.rx_mini_pending, r.rx_jumbo_pending, r.tx_pending,
            r.rx_max_pending, r.rx_mini_max_pending, r.rx_jumbo_max_pending, r.tx_max_pending);
    }

    public void SetRingParameters(string interfaceName, RingParameters rings)
    {
        ArgumentNullException.ThrowIfNull(rings);
        var r = new ethtool_ringparam
        {
            cmd = ETHTOOL_SRINGPARAM,
            rx_pending = rings.Rx,
            rx_mini_pending = rings.RxMini,
            rx_jumbo_pending = rings.RxJumbo,
            tx_pending = rings.Tx,
        };
        Call(interfaceName, &r);
    }

    public ChannelParameters GetChannels(string interfaceName)
    {
        var c = new ethtool_channels { cmd = ETHTOOL_GCHANNELS };
        Call(interfaceName, &c);
        return new ChannelParameters(
            c.rx_count, c.tx_count, c.other_count, c.combined_count,
            c.max_rx, c.max_tx, c.max_other, c.max_combined);
    }

    public void SetChannels(string interfaceName, ChannelParameters channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var c = new ethtool_channels
        {
            cmd = ETHTOOL_SCHANNELS,
            rx_count = channels.Rx,
            tx_count = channels.Tx,
            other_count = channels.Other,
            combined_count = channels.Combined,
        };
        Call(interfaceName, &c);
    }

    public CoalesceParameters GetCoalesce(string interfaceName)
    {
        var c = new ethtool_coalesce { cmd = ETHTOOL_GCOALESCE };
        Call(interfaceName, &c);
        return new CoalesceParameters
        {
            RxUsecs = c.rx_coalesce_usecs,
            RxFrames = c.rx_max_coalesced_frames,
            RxUsecsIrq = c.rx_coalesce_usecs_irq,
            RxFramesIrq = c.rx_max_coalesced_frames_irq,
            TxUsecs = c.tx_coalesce_usecs,
            TxFrames = c.tx_max_coalesced_frames,
            TxUsecsIrq = c.tx_coalesce_usecs_irq,
            TxFramesIrq = c.tx_max_coalesced_frames_irq,
            StatsBlockUsecs = c.stats_block_coalesce_usecs,
            AdaptiveRx = c.use_adaptive_rx_coalesce != 0,
            AdaptiveTx = c.use_adaptive_tx_coalesce != 0,
            PacketRateLow = c.pkt_rate_low,
            RxUsecsLow = c.rx_coalesce_usecs_low,
            RxFramesLow = c.rx_max_coalesced_frames_low,
            TxUsecsLow = c.tx_coalesce_usecs_low,
            TxFramesLow = c.tx_max_coalesced_frames_low,
            PacketRateHigh = c.pkt_rate_high,
            RxUsecsHigh = c.rx_coalesce_usecs_high,
            RxFramesHigh = c.rx_max_coalesced_frames_high,
            TxUsecsHigh = c.tx_coalesce_usecs_high,
            TxFramesHigh = c.tx_max_coalesced_frames_high,
            RateSampleInterval = c.rate_sample_interval,
        };
    }

    public void SetCoalesce(string interfaceName, CoalesceParameters coalesce)
    {
        ArgumentNullException.ThrowIfNull(coalesce);
        var c = new ethtool_coalesce
        {
            cmd = ETHTOOL_SCOALESCE,
            rx_coalesce_usecs = coalesce.RxUsecs,
            rx_max_coalesced_frames = coalesce.RxFrames,
            rx_coalesce_usecs_irq = coalesce.RxUsecsIrq,
            rx_max_coalesced_frames_irq = coalesce.RxFramesIrq,
            tx_coalesce_usecs = coalesce.TxUsecs,
            tx_max_coalesced_frames = coalesce.TxFrames,
            tx_coalesce_usecs_irq = coalesce.TxUsecsIrq,
            tx_max_coalesced_frames_irq = coalesce.TxFramesIrq,
            stats_block_coalesce_usecs = coalesce.StatsBlockUsecs,
            use_adaptive_rx_coalesce = coalesce.AdaptiveRx ? 1u : 0u,
            use_adaptive_tx_coalesce = coalesce.AdaptiveTx ? 1u : 0u,
            pkt_rate_low = coalesce.PacketRateLow,
            rx_coalesce_usecs_low = coalesce.RxUsecsLow,
            rx_max_coalesced_frames_low = coalesce.RxFramesLow,
            tx_coalesce_usecs_low = coalesce.TxUsecsLow,
            tx_max_coalesced_frames_low = coalesce.TxFramesLow,
            pkt_rate_high = coalesce.PacketRateHigh,
            rx_coalesce_usecs_high = coalesce.RxUsecsHigh,
            rx_max_coalesced_frames_high = coalesce.RxFramesHigh,
            tx_coalesce_usecs_high = coalesce.TxUsecsHigh,
            tx_max_coalesced_frames_high = coalesce.TxFramesHigh,
            rate_sample_interval = coalesce.RateSampleInterval,
        };
        Call(interfaceName, &c);
    }

    public IReadOnlyList<FeatureState> GetFeatures(string interfaceName)
    {
        var names = FeatureNames(interfaceName);
        var blocks = ReadFeatureBlocks(interfaceName, FeatureWords(names.Length));
        var features = new List<FeatureState>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            // The kernel names every bit it defines; an empty name would be a hole in its table, nothing to tune.
            if (names[i].Length == 0)
            {
                continue;
            }

            var block = blocks[i / 32];
            var bit = 1u << (i % 32);
            features.Add(new FeatureState(
                names[i],
                Available: (block.available & bit) != 0,
                Requested: (block.requested & bit) != 0,
                Active: (block.active & bit) != 0,
                NeverChanged: (block.never_changed & bit) != 0));
        }

        return features;
    }

    public FeatureChangeResult SetFeatures(
        string interfaceName,
        IReadOnlyDictionary<string, bool> changes,
        IReadOnlyList<FeatureState>? before = null)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var names = FeatureNames(interfaceName);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length > 0)
            {
                index.TryAdd(names[i], i);
            }
        }

        var words = FeatureWords(names.Length);
        var request = new ethtool_set_features_block[words];
        foreach (var (name, on) in changes)
        {
            if (!index.TryGetValue(name, out var i))
            {
                throw new ArgumentException($"{interfaceName} has no feature named '{name}'", nameof(changes));
            }

            request[i / 32].valid |= 1u << (i % 32);
            if (on)
            {
                request[i / 32].requested |= 1u << (i % 32);
            }
        }

        var was = ActiveByName(before ?? GetFeatures(interfaceName));
        var flags = WriteFeatureBlocks(interfaceName, request);
        var after = ActiveByName(GetFeatures(interfaceName));

        var changed = after.Where(f => was.TryGetValue(f.Key, out var wasActive) && wasActive != f.Value).Select(f => f.Key).ToList();
        var refused = changes.Where(c => !after.TryGetValue(c.Key, out var now) || now != c.Value).Select(c => c.Key).ToList();
        return new FeatureChangeResult(changed, refused, (FeatureChangeWarnings)flags);
    }

    public IReadOnlyList<EthtoolStatistic> GetStatistics(string interfaceName)
    {
        for (var attempt = 0; attempt < MaxStatisticsAttempts; attempt++)
        {
            var names = GetStrings(interfaceName, ETH_SS_STATS);
            if (names.Count == 0)
            {
                return [];
            }

            var values = ReadStatistics(interfaceName, names.Count);

            // A different count means the set changed between the two ioctls (queues were added or removed), so
            // names and values would not line up: read both again.
            if (values.Length == names.Count)
            {
                var rows = new EthtoolStatistic[names.Count];
                for (var i = 0; i < rows.Length; i++)
                {
                    rows[i] = new EthtoolStatistic(names[i], values[i]);
                }

                return rows;
            }
        }

        throw new EthtoolException(Errnos.EAGAIN, "ETHTOOL_GSTATS", interfaceName);
    }

    /// <summary>The names of the driver's statistics (ETH_SS_STATS) in the driver's order; empty when it has none.</summary>
    public IReadOnlyList<string> GetStatisticNames(string interfaceName) => GetStrings(interfaceName, ETH_SS_STATS);

    /// <summary>
    /// The statistics' values only (one GSTATS ioctl), for a caller that keeps the names from
    /// <see cref="GetStatisticNames"/>. Null when the driver now has a different number of statistics than
    /// <paramref name="expectedCount"/> (queues were added or removed): the names must be read again.
    /// </summary>
    public ulong[]? GetStatisticValues(string interfaceName, int expectedCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedCount);
        if (expectedCount == 0)
        {
            return [];
        }

        var values = ReadStatistics(interfaceName, expectedCount);
        return values.Length == expectedCount ? values : null;
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>
    /// The cached feature names; read through <paramref name="interfaceName"/> the first time. A failed read caches
    /// nothing (the device may simply be gone), and two threads racing here read the same table, so either may win.
    /// </summary>
    private string[] FeatureNames(string interfaceName)
    {
        var names = Volatile.Read(ref _featureNames);
        if (names is not null)
        {
            return names;
        }

        names = [.. GetStrings(interfaceName, ETH_SS_FEATURES)];
        return Interlocked.CompareExchange(ref _featureNames, names, null) ?? names;
    }

    private static int FeatureWords(int featureCount) => (featureCount + 31) / 32;

    /// <summary>Each name's active state; a name the kernel lists twice keeps its first. No grouping: this runs twice per feature write.</summary>
    private static Dictionary<string, bool> ActiveByName(IReadOnlyList<FeatureState> features)
    {
        var active = new Dictionary<string, bool>(features.Count, StringComparer.Ordinal);
        foreach (var feature in features)
        {
            active.TryAdd(feature.Name, feature.Active);
        }

        return active;
    }

    private static string CString(byte* chars, int capacity)
    {
        var span = new ReadOnlySpan<byte>(chars, capacity);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    /// <summary>The number of strings in one set, from GSSET_INFO; 0 when the driver does not provide the set.</summary>
    private uint GetStringSetCount(string interfaceName, uint stringSet)
    {
        // ethtool_sset_info followed by room for the one count we ask for.
        var buffer = stackalloc ulong[3];
        var info = (ethtool_sset_info*)buffer;
        info->cmd = ETHTOOL_GSSET_INFO;
        info->sset_mask = 1UL << (int)stringSet;
        Call(interfaceName, info);
        return (info->sset_mask & (1UL << (int)stringSet)) == 0 ? 0 : *(uint*)(info + 1);
    }

    private List<string> GetStrings(string interfaceName, uint stringSet)
    {
        var count = (int)GetStringSetCount(interfaceName, stringSet);
        if (count == 0)
        {
            return [];
        }

        var capacity = count + SlackEntries;
        var size = (nuint)(sizeof(ethtool_gstrings) + (capacity * ETH_GSTRING_LEN));
        var header = (ethtool_gstrings*)NativeMemory.AllocZeroed(size);
        try
        {
            header->cmd = ETHTOOL_GSTRINGS;
            header->string_set = stringSet;
            header->len = (uint)count;
            Call(interfaceName, header);
            var returned = (int)Math.Min(header->len, (uint)capacity);
            var data = (byte*)(header + 1);
            var strings = new List<string>(returned);
            for (var i = 0; i < returned; i++)
            {
                strings.Add(CString(data + (i * ETH_GSTRING_LEN), ETH_GSTRING_LEN));
            }

            return strings;
        }
        finally
        {
            NativeMemory.Free(header);
        }
    }

    private ulong[] ReadStatistics(string interfaceName, int count)
    {
        var capacity = count + SlackEntries;
        var size = (nuint)(sizeof(ethtool_stats) + (capacity * sizeof(ulong)));
        var header = (ethtool_stats*)NativeMemory.AllocZeroed(size);
        try
        {
            header->cmd = ETHTOOL_GSTATS;
            header->n_stats = (uint)count;
            Call(interfaceName, header);
            var returned = (int)Math.Min(header->n_stats, (uint)capacity);
            return new ReadOnlySpan<ulong>(header + 1, returned).ToArray();
        }
        finally
        {
            NativeMemory.Free(header);
        }
    }

    private ethtool_get_features_block[] ReadFeatureBlocks(string interfaceName, int words)
    {
        // The kernel copies at most the number of blocks we say the buffer holds, so an exact size is safe here.
        var size = (nuint)(sizeof(ethtool_gfeatures) + (words * sizeof(ethtool_get_features_block)));
        var header = (ethtool_gfeatures*)NativeMemory.AllocZeroed(size);
        try
        {
            header->cmd = ETHTOOL_GFEATURES;
            header->size = (uint)words;
            Call(interfaceName, header);
            return new ReadOnlySpan<ethtool_get_features_block>(header + 1, words).ToArray();
        }
        finally
        {
            NativeMemory.Free(header);
        }
    }

    private int WriteFeatureBlocks(string interfaceName, ethtool_set_features_block[] blocks)
    {
        // The kernel insists that size equals its own word count, which the feature string count determines.
        var size = (nuint)(sizeof(ethtool_sfeatures) + (blocks.Length * sizeof(ethtool_set_features_block)));
        var header = (ethtool_sfeatures*)NativeMemory.AllocZeroed(size);
        try
        {
            header->cmd = ETHTOOL_SFEATURES;
            header->size = (uint)blocks.Length;
            blocks.CopyTo(new Span<ethtool_set_features_block>(header + 1, blocks.Length));
            return Call(interfaceName, header);
        }
        finally
        {
            NativeMemory.Free(header);
        }
    }

    /// <summary>Issues SIOCETHTOOL with <paramref name="command"/>, whose first field is the command number.</summary>
    private int Call<T>(string interfaceName, T* command)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_socket.IsClosed, this);
        var request = new Interop.Ioctl.ifreq();
        WriteName(&request, interfaceName);
        request.ifr_data = command;
        int result;
        int errno;
        using (var socket = _socket.Lease())
        {
            do
            {
                result = LibC.ioctl(socket.Fd, Interop.Ioctl.SIOCETHTOOL, &request);
                errno = result < 0 ? Interop.Errors.LastErrno() : 0;
            }
            while (result < 0 && errno == Errnos.EINTR);
        }

        if (result < 0)
        {
            throw new EthtoolException(errno, CommandName(*(uint*)command), interfaceName);
        }

        return result;
    }

    private static void WriteName(Interop.Ioctl.ifreq* request, string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        var name = new Span<byte>(request->ifr_name, Interop.Ioctl.IFNAMSIZ);
        if (interfaceName.Contains('\0', StringComparison.Ordinal)
            || Encoding.UTF8.GetByteCount(interfaceName) >= Interop.Ioctl.IFNAMSIZ)
        {
            throw new ArgumentException(
                $"'{interfaceName}' is not an interface name (at most {Interop.Ioctl.IFNAMSIZ - 1} bytes, no NUL)",
                nameof(interfaceName));
        }

        // The struct is zeroed, so the name stays NUL-terminated.
        Encoding.UTF8.GetBytes(interfaceName, name);
    }

    private static string CommandName(uint command) => command switch
    {
        ETHTOOL_GSET => nameof(ETHTOOL_GSET),
        ETHTOOL_GDRVINFO => nameof(ETHTOOL_GDRVINFO),
        ETHTOOL_GCOALESCE => nameof(ETHTOOL_GCOALESCE),
        ETHTOOL_SCOALESCE => nameof(ETHTOOL_SCOALESCE),
        ETHTOOL_GRINGPARAM => nameof(ETHTOOL_GRINGPARAM),
        ETHTOOL_SRINGPARAM => nameof(ETHTOOL_SRINGPARAM),
        ETHTOOL_GSTRINGS => nameof(ETHTOOL_GSTRINGS),
        ETHTOOL_GSTATS => nameof(ETHTOOL_GSTATS),
        ETHTOOL_GSSET_INFO => nameof(ETHTOOL_GSSET_INFO),
        ETHTOOL_GFEATURES => nameof(ETHTOOL_GFEATURES),
        ETHTOOL_SFEATURES => nameof(ETHTOOL_SFEATURES),
        ETHTOOL_GCHANNELS => nameof(ETHTOOL_GCHANNELS),
        ETHTOOL_SCHANNELS => nameof(ETHTOOL_SCHANNELS),
        _ => $"ethtool command 0x{command:x}",
    };
}

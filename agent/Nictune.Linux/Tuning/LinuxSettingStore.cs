using System.Globalization;
using System.Text.RegularExpressions;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;
using Nictune.Linux.Ethtool;
using Nictune.Linux.IO;
using Nictune.Linux.Sysctl;
using Nictune.Linux.Sysfs;

namespace Nictune.Linux.Tuning;

/// <summary>
/// <see cref="ISettingStore"/> on Linux: ethtool ioctls for ring.*, channels.*, coalesce.* and feature.*; sysfs and
/// procfs files through <see cref="SystemRoot"/> for txqueuelen, RPS/XPS, IRQ affinity and sysctls. The names are
/// those of <see cref="SettingKey"/>. Every kernel refusal on write becomes a <see cref="SettingWriteException"/>
/// with the kernel's errno; a key that no adapter could ever serve (an unknown name, an interface name with '/',
/// a sysctl path escaping /proc/sys) is a caller bug and throws <see cref="ArgumentException"/>.
/// </summary>
public sealed partial class LinuxSettingStore(SystemRoot root, IEthtoolClient ethtool) : ISettingStore
{
    private const string ProcIrqDirectory = "/proc/irq";
    private const string RpsCpusFile = "rps_cpus";
    private const string RpsFlowCountFile = "rps_flow_cnt";
    private const string XpsCpusFile = "xps_cpus";
    private const string IrqAffinityListFile = "smp_affinity_list";

    private const string On = "on";
    private const string Off = "off";

    private readonly EthtoolBlocks _blocks = new();

    public SettingReading Read(SettingKey key)
    {
        if (key.Scope == SettingScope.Sysctl)
        {
            return ReadFile(SysctlFile(key), normaliseWhitespace: true);
        }

        var (family, member) = Parse(key);
        return family switch
        {
            "ring" => Query(key, "ring parameters", () => _blocks.Get(key.Target, family, () => ethtool.GetRingParameters(key.Target)), r => ReadRing(member, r)),
            "channels" => Query(key, "channels", () => _blocks.Get(key.Target, family, () => ethtool.GetChannels(key.Target)), c => ReadChannel(member, c)),
            "coalesce" => Query(key, "coalescing parameters", () => _blocks.Get(key.Target, family, () => ethtool.GetCoalesce(key.Target)), c => new SettingReading(CoalesceText(member, c))),
            "feature" => Query(key, "features", () => _blocks.Get(key.Target, family, () => ethtool.GetFeatures(key.Target)), f => ReadFeature(key, member, f)),
            _ => ReadFile(InterfaceFile(key), normaliseWhitespace: false),
        };
    }

    public void Write(SettingKey key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (key.Scope == SettingScope.Sysctl)
        {
            WriteFile(key, SysctlFile(key), value);
            return;
        }

        var (family, member) = Parse(key);

        // Whatever the write, the device's blocks are read again: a ring or channel change can reset the link and
        // with it other settings.
        _blocks.Forget(key.Target);
        switch (family)
        {
            case "ring":
                var ringValue = ParseCount(key, value);
                Modify(
                    key,
                    "ring parameters",
                    () => ethtool.GetRingParameters(key.Target),
                    r => WithRing(member, r, ringValue),
                    r => ethtool.SetRingParameters(key.Target, r),
                    r => $"the {member} ring's maximum is {RingMaximum(member, r)}");
                break;
            case "channels":
                var channelValue = ParseCount(key, value);
                Modify(
                    key,
                    "channels",
                    () => ethtool.GetChannels(key.Target),
                    c => WithChannel(member, c, channelValue),
                    c => ethtool.SetChannels(key.Target, c),
                    c => $"the {member} channel maximum is {ChannelMaximum(member, c)}");
                break;
            case "coalesce":
                var coalesceChange = ParseCoalesce(key, member, value);
                Modify(
                    key,
                    "coalescing parameters",
                    () => ethtool.GetCoalesce(key.Target),
                    coalesceChange,
                    c => ethtool.SetCoalesce(key.Target, c),
                    _ => "the driver rejected the value");
                break;
            case "feature":
                WriteFeature(key, member, ParseOnOff(key, value));
                break;
            default:
                WriteFile(key, InterfaceFile(key), value);
                break;
        }
    }

    /// <summary>
    /// All <c>feature.*</c> settings of one interface go in one ETHTOOL_SFEATURES (drivers.md, "Features"), all its
    /// <c>channels.*</c> settings in one ETHTOOL_SCHANNELS and all its <c>ring.*</c> sizes in one ETHTOOL_SRINGPARAM (a
    /// channel or ring change quiesces or resets many devices, vmxnet3 on every SRINGPARAM: once, not once per field;
    /// docs/drivers.md §4); anything else is written one at a time, in order.
    /// </summary>
    public void WriteTogether(IReadOnlyList<KeyValuePair<SettingKey, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var family = settings.Count > 0 && settings.All(s => s.Key.Scope == SettingScope.Interface && s.Key.Target == settings[0].Key.Target)
            ? Parse(settings[0].Key).Family
            : null;
        if (family is not ("feature" or "channels" or "ring") || settings.Any(s => Parse(s.Key).Family != family))
        {
            foreach (var (key, value) in settings)
            {
                Write(key, value);
            }

            return;
        }

        var nic = settings[0].Key.Target;
        if (family == "feature")
        {
            var wanted = settings.Select(s => (s.Key, Parse(s.Key).Member, ParseOnOff(s.Key, s.Value))).ToList();
            _blocks.Forget(nic);
            WriteFeatures(nic, wanted);
            return;
        }

        _blocks.Forget(nic);
        if (family == "ring")
        {
            ModifyCounts(settings, "ring parameters", () => ethtool.GetRingParameters(nic), WithRing, r => ethtool.SetRingParameters(nic, r),
                (member, r) => $"the {member} ring's maximum is {RingMaximum(member, r)}");
        }
        else
        {
            ModifyCounts(settings, "channels", () => ethtool.GetChannels(nic), WithChannel, c => ethtool.SetChannels(nic, c),
                (member, c) => $"the {member} channel maximum is {ChannelMaximum(member, c)}");
        }
    }

    /// <summary>Several counts of one block (rings, channels) set in one request; a refusal names them all.</summary>
    private static void ModifyCounts<T>(IReadOnlyList<KeyValuePair<SettingKey, string>> settings, string what, Func<T> get,
        Func<string, T, uint, T> with, Action<T> set, Func<string, T, string> maximum)
        where T : class
    {
        var counts = settings.Select(s => (Parse(s.Key).Member, Count: ParseCount(s.Key, s.Value))).ToList();
        Modify(
            [.. settings.Select(s => s.Key)],
            what,
            get,
            block => counts.Aggregate(block, (next, count) => with(count.Member, next, count.Count)),
            set,
            block => string.Join(", ", counts.Select(count => maximum(count.Member, block))));
    }

    public IDisposable ReadPass() => _blocks.Open();

    /// <summary>
    /// A sysctl or a sysfs/procfs-backed interface setting whose file is on a read-only mount (statvfs ST_RDONLY: a
    /// container's /sys, a unit's ProtectKernelTunables= or ReadOnlyPaths=); the ethtool settings go through ioctls,
    /// which a read-only mount does not stop.
    /// </summary>
    public string? WriteRefusal(SettingKey key)
    {
        var path = key.Scope == SettingScope.Sysctl ? SysctlFile(key)
            : Parse(key).Family is "ring" or "channels" or "coalesce" or "feature" ? null
            : InterfaceFile(key);
        return path is not null && root.IsOnReadOnlyMount(path) ? $"read-only: {path} is on a read-only mount" : null;
    }

    /// <summary>Whether <c>/sys/class/net/NIC</c> exists: a refused or unreadable setting of a missing interface means it is gone.</summary>
    public bool InterfaceExists(string nic)
    {
        RequireInterfaceName(SettingKey.Interface(nic, SettingNames.TxQueueLen));
        return root.Exists(SysfsPaths.Join(SysfsPaths.ClassNet, nic));
    }

    /// <summary>Splits <c>ring.rx</c> into ("ring", "rx") and checks the interface name and the member.</summary>
    private static (string Family, string Member) Parse(SettingKey key)
    {
        RequireInterfaceName(key);
        var dot = key.Name.IndexOf('.', StringComparison.Ordinal);
        var family = dot < 0 ? key.Name : key.Name[..dot];
        var member = dot < 0 ? string.Empty : key.Name[(dot + 1)..];
        var known = family switch
        {
            "ring" => member is "rx" or "rx-mini" or "rx-jumbo" or "tx",
            "channels" => member is "combined" or "rx" or "tx",
            "coalesce" => member is "adaptive-rx" or "adaptive-tx" or "rx-usecs" or "tx-usecs" or "rx-frames" or "tx-frames",
            "feature" => member.Length > 0 && !member.Any(char.IsControl),
            "txqueuelen" => dot < 0,
            "rps-cpus" or "rps-flow-cnt" => RxQueue().IsMatch(member),
            "xps-cpus" => TxQueue().IsMatch(member),
            "irq-affinity" => IrqNumber().IsMatch(member),
            _ => false,
        };

        return known ? (family, member) : throw new ArgumentException($"{key}: unknown interface setting '{key.Name}'", nameof(key));
    }

    /// <summary>The kernel's dev_valid_name rules (<see cref="InterfaceName"/>), so that a name can never leave /sys/class/net.</summary>
    private static void RequireInterfaceName(SettingKey key)
    {
        if (InterfaceName.Check(key.Target) is { } error)
        {
            throw new ArgumentException($"{key}: '{SettingValueText.Truncate(key.Target)}' is not a valid interface name ({error})", nameof(key));
        }
    }

    private static string SysctlFile(SettingKey key) =>
        SysctlPath.TryMap(key.Name, out var path)
            ? path
            : throw new ArgumentException($"{key}: refused, the key does not name a file below {SysctlPath.ProcSys}", nameof(key));

    /// <summary>The file behind a file-backed interface setting; <see cref="Parse"/> has vetted the name.</summary>
    private static string InterfaceFile(SettingKey key)
    {
        var (family, member) = Parse(key);
        var nic = SysfsPaths.Join(SysfsPaths.ClassNet, key.Target);
        return family switch
        {
            "txqueuelen" => SysfsPaths.Join(nic, SysfsPaths.Net.TxQueueLen),
            "rps-cpus" => SysfsPaths.Join(nic, SysfsPaths.Net.Queues, member, RpsCpusFile),
            "rps-flow-cnt" => SysfsPaths.Join(nic, SysfsPaths.Net.Queues, member, RpsFlowCountFile),
            "xps-cpus" => SysfsPaths.Join(nic, SysfsPaths.Net.Queues, member, XpsCpusFile),
            "irq-affinity" => $"{ProcIrqDirectory}/{member}/{IrqAffinityListFile}",
            _ => throw new ArgumentException($"{key}: '{key.Name}' is not a file-backed setting", nameof(key)),
        };
    }

    private SettingReading ReadFile(string path, bool normaliseWhitespace)
    {
        if (root.ReadTrimmed(path) is { } text)
        {
            // tcp_rmem prints tab-separated; profiles and sysctl.conf write spaces, and the kernel accepts either.
            return new SettingReading(normaliseWhitespace ? Whitespace().Replace(text, " ") : text);
        }

        // xps_cpus exists but reads as ENOENT on a single-queue device; either way there is nothing to tune.
        return SettingReading.Unsupported(root.Exists(path) ? $"{path} is not readable" : $"{path} does not exist (ENOENT)");
    }

    private void WriteFile(SettingKey key, string path, string value)
    {
        // One attribute, one value: a newline would let a second value ride along in the same write.
        if (value.Any(char.IsControl))
        {
            throw new SettingWriteException(key, 0, $"the value contains a control character; nothing written to {path}");
        }

        try
        {
            root.WriteText(path, value);
        }
        catch (SystemWriteException e)
        {
            throw new SettingWriteException(key, e.Errno, $"{e.Message}; the value was '{value}'");
        }
    }

    /// <summary>One ethtool reading; a refused one (a missing operation or interface, any other errno) is an unsupported
    /// reading that says why, never an exception out of a plan.</summary>
    private static SettingReading Query<T>(SettingKey key, string what, Func<T> get, Func<T, SettingReading> read)
    {
        T current;
        try
        {
            current = get();
        }
        catch (EthtoolException e) when (e.Errno == Errnos.EOPNOTSUPP)
        {
            return SettingReading.Unsupported($"no {what} ({e.ErrnoName})");
        }
        catch (EthtoolException e) when (e.Errno == Errnos.ENODEV)
        {
            return SettingReading.Unsupported($"no interface {key.Target} ({e.ErrnoName})");
        }
        catch (EthtoolException e)
        {
            // Any other refusal (EIO or EBUSY from a driver mid-reset, ENOSYS where an emulator lacks the ioctl): with
            // no reading there is no original to journal, so the setting is planned unsupported, with the kernel's
            // answer, and the rest of the plan goes on. The next pass reads it again.
            return SettingReading.Unsupported($"cannot read {what}: {e.Message}");
        }

        return read(current);
    }

    /// <summary>
    /// Read-modify-write of a grouped ethtool operation, so that one setting changes and the group's other values
    /// are written back as they were. Skips the set when nothing changes: on some drivers any SRINGPARAM or
    /// SCHANNELS resets the device.
    /// </summary>
    private static void Modify<T>(SettingKey key, string what, Func<T> get, Func<T, T> change, Action<T> set, Func<T, string> einvalHint)
        where T : class => Modify([key], what, get, change, set, einvalHint);

    /// <summary>As above, for several settings of one block changed in one set: a refusal names them all.</summary>
    private static void Modify<T>(IReadOnlyList<SettingKey> keys, string what, Func<T> get, Func<T, T> change, Action<T> set, Func<T, string> einvalHint)
        where T : class
    {
        T current;
        try
        {
            current = get();
        }
        catch (EthtoolException e)
        {
            throw Refused(keys, e.Errno, e.IsUnsupported ? $"no {what} ({e.ErrnoName})" : e.Message);
        }

        var next = change(current);
        if (next.Equals(current))
        {
            return;
        }

        try
        {
            set(next);
        }
        catch (EthtoolException e)
        {
            throw Refused(keys, e.Errno, e.Errno == Errnos.EINVAL ? $"{e.Message}; {einvalHint(current)}" : e.Message);
        }
    }

    private static SettingWriteException Refused(IReadOnlyList<SettingKey> keys, int errno, string message) =>
        keys.Count == 1 ? new SettingWriteException(keys[0], errno, message) : new SettingWriteException(keys, errno, $"{string.Join(", ", keys)}: {message}");

    private static SettingReading ReadRing(string member, RingParameters r)
    {
        var max = RingMaximum(member, r);
        return max == 0
            ? SettingReading.Unsupported($"no {member} ring (maximum 0)")
            : new SettingReading(Decimal(RingValue(member, r)), max);
    }

    private static uint RingValue(string member, RingParameters r) => member switch
    {
        "rx" => r.Rx,
        "rx-mini" => r.RxMini,
        "rx-jumbo" => r.RxJumbo,
        _ => r.Tx,
    };

    private static uint RingMaximum(string member, RingParameters r) => member switch
    {
        "rx" => r.RxMax,
        "rx-mini" => r.RxMiniMax,
        "rx-jumbo" => r.RxJumboMax,
        _ => r.TxMax,
    };

    private static RingParameters WithRing(string member, RingParameters r, uint value) => member switch
    {
        "rx" => r with { Rx = value },
        "rx-mini" => r with { RxMini = value },
        "rx-jumbo" => r with { RxJumbo = value },
        _ => r with { Tx = value },
    };

    private static SettingReading ReadChannel(string member, ChannelParameters c)
    {
        var max = ChannelMaximum(member, c);
        return max == 0
            ? SettingReading.Unsupported($"no {member} channels (maximum 0)")
            : new SettingReading(Decimal(ChannelValue(member, c)), max);
    }

    private static uint ChannelValue(string member, ChannelParameters c) => member switch
    {
        "combined" => c.Combined,
        "rx" => c.Rx,
        _ => c.Tx,
    };

    private static uint ChannelMaximum(string member, ChannelParameters c) => member switch
    {
        "combined" => c.MaxCombined,
        "rx" => c.MaxRx,
        _ => c.MaxTx,
    };

    private static ChannelParameters WithChannel(string member, ChannelParameters c, uint value) => member switch
    {
        "combined" => c with { Combined = value },
        "rx" => c with { Rx = value },
        _ => c with { Tx = value },
    };

    private static string CoalesceText(string member, CoalesceParameters c) => member switch
    {
        "adaptive-rx" => OnOff(c.AdaptiveRx),
        "adaptive-tx" => OnOff(c.AdaptiveTx),
        "rx-usecs" => Decimal(c.RxUsecs),
        "tx-usecs" => Decimal(c.TxUsecs),
        "rx-frames" => Decimal(c.RxFrames),
        _ => Decimal(c.TxFrames),
    };

    /// <summary>Parses before any ioctl, so a malformed value reaches nothing.</summary>
    private static Func<CoalesceParameters, CoalesceParameters> ParseCoalesce(SettingKey key, string member, string value)
    {
        if (member is "adaptive-rx" or "adaptive-tx")
        {
            var on = ParseOnOff(key, value);
            return member == "adaptive-rx" ? c => c with { AdaptiveRx = on } : c => c with { AdaptiveTx = on };
        }

        var n = ParseCount(key, value);
        return member switch
        {
            "rx-usecs" => c => c with { RxUsecs = n },
            "tx-usecs" => c => c with { TxUsecs = n },
            "rx-frames" => c => c with { RxFrames = n },
            _ => c => c with { TxFrames = n },
        };
    }

    private static SettingReading ReadFeature(SettingKey key, string name, IReadOnlyList<FeatureState> features)
    {
        var feature = features.FirstOrDefault(f => f.Name == name);
        if (feature is null)
        {
            return SettingReading.Unsupported($"{key.Target} has no feature named {name}");
        }

        return feature.IsFixed ? SettingReading.Unsupported("fixed") : new SettingReading(OnOff(feature.Active));
    }

    private void WriteFeature(SettingKey key, string name, bool wanted) => WriteFeatures(key.Target, [(key, name, wanted)]);

    /// <summary>
    /// One ETHTOOL_SFEATURES for every wanted feature of one interface, so that the kernel resolves dependent changes
    /// together (TSO needs tx checksumming: requested alone, TSO on stays a pending wish while checksumming is off).
    /// A feature is refused only when its final active state is not the wanted one: a request the kernel keeps pending
    /// (ETHTOOL_F_WISH) for a feature that the final state satisfies is a success. Refused requests are taken back,
    /// so that nothing is left behind to surprise a later, unrelated change.
    /// </summary>
    private void WriteFeatures(string nic, IReadOnlyList<(SettingKey Key, string Name, bool Wanted)> wanted)
    {
        var keys = wanted.Select(w => w.Key).ToList();
        IReadOnlyList<FeatureState> features;
        try
        {
            features = ethtool.GetFeatures(nic);
        }
        catch (EthtoolException e)
        {
            throw new SettingWriteException(keys, e.Errno, $"{nic} features: {e.Message}");
        }

        var byName = features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var unsupported = new List<(SettingKey Key, string Why)>();
        var request = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (key, name, on) in wanted)
        {
            if (!byName.TryGetValue(name, out var feature))
            {
                unsupported.Add((key, $"{nic} has no feature named {name}"));
            }
            else if (feature.Active == on && (feature.IsFixed || feature.Requested == on))
            {
                continue;
            }
            else if (feature.IsFixed)
            {
                unsupported.Add((key, $"{name} is fixed {OnOff(feature.Active)} on {nic}"));
            }
            else
            {
                request[name] = on;
            }
        }

        var refused = new List<string>();
        var warnings = FeatureChangeWarnings.None;
        if (request.Count > 0)
        {
            FeatureChangeResult result;
            try
            {
                result = ethtool.SetFeatures(nic, request, features);
            }
            catch (EthtoolException e)
            {
                throw new SettingWriteException([.. wanted.Where(w => request.ContainsKey(w.Name)).Select(w => w.Key)], e.Errno, $"{nic} features: {e.Message}");
            }

            refused.AddRange(result.Refused);
            warnings = result.Warnings;
        }

        if (unsupported.Count == 0 && refused.Count == 0)
        {
            return;
        }

        var restored = refused.Count == 0 || TryRestoreRequests(nic, refused.ToDictionary(n => n, n => byName[n].Requested, StringComparer.Ordinal), features);
        var messages = unsupported.Select(u => u.Why)
            .Concat(refused.Select(n => $"the kernel kept {n} {OnOff(!request[n])} ({warnings}): a feature it depends on is off or the driver refused"))
            .ToList();
        throw new SettingWriteException(
            [.. unsupported.Select(u => u.Key), .. wanted.Where(w => refused.Contains(w.Name)).Select(w => w.Key)],
            refused.Count == 0 ? Errnos.EOPNOTSUPP : 0,
            string.Join("; ", messages) + (restored ? string.Empty : "; restoring the previous request failed"));
    }

    /// <remarks>Only the request matters here, not what changed, so the state read before the write will do as "before".</remarks>
    private bool TryRestoreRequests(string nic, IReadOnlyDictionary<string, bool> requested, IReadOnlyList<FeatureState> before)
    {
        try
        {
            ethtool.SetFeatures(nic, requested, before);
            return true;
        }
        catch (EthtoolException)
        {
            return false;
        }
    }

    private static uint ParseCount(SettingKey key, string value) =>
        uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new SettingWriteException(key, 0, $"'{value}' is not a decimal number from 0 to {uint.MaxValue}");

    private static bool ParseOnOff(SettingKey key, string value) => value switch
    {
        On => true,
        Off => false,
        _ => throw new SettingWriteException(key, 0, $"'{value}' is neither '{On}' nor '{Off}'"),
    };

    private static string OnOff(bool on) => on ? On : Off;

    private static string Decimal(uint n) => n.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^rx-[0-9]{1,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex RxQueue();

    [GeneratedRegex("^tx-[0-9]{1,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex TxQueue();

    [GeneratedRegex("^[0-9]{1,7}$", RegexOptions.CultureInvariant)]
    private static partial Regex IrqNumber();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}

using System.Globalization;
using Nictune.Core.Catalog;
using Nictune.Core.Tuning;
using Nictune.Linux.Ethtool;

namespace Nictune.Linux.Tuning;

/// <summary>
/// The settings in ethtool blocks (<see cref="EthtoolAccess"/>): rings, channels, coalescing and features, read and
/// written with ioctls. <see cref="LinuxSettingStore"/> resolves the key and hands over the catalog's access and the
/// setting's member (<c>rx</c> for <c>ring.rx</c>; the kernel feature name for <c>feature.*</c>). Every kernel refusal
/// on write becomes a <see cref="SettingWriteException"/> with the kernel's errno.
/// </summary>
internal sealed class EthtoolSettingStore(IEthtoolClient ethtool)
{
    private const string On = "on";
    private const string Off = "off";

    private readonly EthtoolBlocks _blocks = new();

    public IDisposable ReadPass() => _blocks.Open();

    /// <summary>Ends the reuse of <paramref name="nic"/>'s blocks: a write to the device may change any of them.</summary>
    public void Forget(string nic) => _blocks.Forget(nic);

    public SettingReading Read(SettingKey key, EthtoolAccess access, string member)
    {
        var nic = key.Target;
        return access.Block switch
        {
            EthtoolBlock.Ring => Query(key, "ring parameters", () => _blocks.Get(nic, "ring", () => ethtool.GetRingParameters(nic)),
                r => ReadCount(EthtoolFields.Ring[access.Field], r, $"no {member} ring")),
            EthtoolBlock.Channels => Query(key, "channels", () => _blocks.Get(nic, "channels", () => ethtool.GetChannels(nic)),
                c => ReadCount(EthtoolFields.Channels[access.Field], c, $"no {member} channels")),
            EthtoolBlock.Coalesce => Query(key, "coalescing parameters", () => _blocks.Get(nic, "coalesce", () => ethtool.GetCoalesce(nic)),
                c => new SettingReading(CoalesceText(access.Field, c))),
            _ => Query(key, "features", () => _blocks.Get(nic, "feature", () => ethtool.GetFeatures(nic)), f => ReadFeature(key, member, f)),
        };
    }

    public void Write(SettingKey key, EthtoolAccess access, string member, string value) =>
        WriteTogether(key.Target, access.Block, [(key, access, member, value)]);

    /// <summary>
    /// Settings of one block of one interface in one request: one ETHTOOL_SFEATURES for its features (the kernel
    /// resolves their dependencies within a request), one SRINGPARAM or SCHANNELS for its counts (a device that resets on
    /// a ring or channel change does so once; docs/drivers.md §4). A refusal names them all.
    /// </summary>
    public void WriteTogether(string nic, EthtoolBlock block, IReadOnlyList<(SettingKey Key, EthtoolAccess Access, string Member, string Value)> settings)
    {
        _blocks.Forget(nic);
        IReadOnlyList<SettingKey> keys = [.. settings.Select(s => s.Key)];
        switch (block)
        {
            case EthtoolBlock.Features:
                WriteFeatures(nic, [.. settings.Select(s => (s.Key, s.Member, ParseOnOff(s.Key, s.Value)))]);
                break;
            case EthtoolBlock.Ring:
                var rings = settings.Select(s => (s.Member, Field: EthtoolFields.Ring[s.Access.Field], Count: ParseCount(s.Key, s.Value))).ToList();
                Modify(keys, "ring parameters", () => ethtool.GetRingParameters(nic),
                    r => rings.Aggregate(r, (next, s) => s.Field.With(next, s.Count)),
                    r => ethtool.SetRingParameters(nic, r),
                    r => string.Join(", ", rings.Select(s => $"the {s.Member} ring's maximum is {s.Field.Maximum!(r)}")));
                break;
            case EthtoolBlock.Channels:
                var channels = settings.Select(s => (s.Member, Field: EthtoolFields.Channels[s.Access.Field], Count: ParseCount(s.Key, s.Value))).ToList();
                Modify(keys, "channels", () => ethtool.GetChannels(nic),
                    c => channels.Aggregate(c, (next, s) => s.Field.With(next, s.Count)),
                    c => ethtool.SetChannels(nic, c),
                    c => string.Join(", ", channels.Select(s => $"the {s.Member} channel maximum is {s.Field.Maximum!(c)}")));
                break;
            default:
                var changes = settings.Select(s => ParseCoalesce(s.Key, s.Access.Field, s.Value)).ToList();
                Modify(keys, "coalescing parameters", () => ethtool.GetCoalesce(nic),
                    c => changes.Aggregate(c, (next, change) => change(next)),
                    c => ethtool.SetCoalesce(nic, c),
                    _ => "the driver rejected the value");
                break;
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
    /// Read-modify-write of a grouped ethtool operation, so that the settings change and the block's other values are
    /// written back as they were. Skips the set when nothing changes: on some drivers any SRINGPARAM or SCHANNELS
    /// resets the device.
    /// </summary>
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

    /// <summary>A count and its maximum; a maximum of 0 means the device has no such ring or channel.</summary>
    private static SettingReading ReadCount<T>(CountField<T> field, T block, string none)
    {
        var max = field.Maximum!(block);
        return max == 0
            ? SettingReading.Unsupported($"{none} (maximum 0)")
            : new SettingReading(Decimal(field.Value(block)), max);
    }

    private static string CoalesceText(string field, CoalesceParameters c) =>
        EthtoolFields.CoalesceSwitches.TryGetValue(field, out var toggle) ? OnOff(toggle.Value(c)) : Decimal(EthtoolFields.CoalesceCounts[field].Value(c));

    /// <summary>Parses before any ioctl, so a malformed value reaches nothing.</summary>
    private static Func<CoalesceParameters, CoalesceParameters> ParseCoalesce(SettingKey key, string field, string value)
    {
        if (EthtoolFields.CoalesceSwitches.TryGetValue(field, out var toggle))
        {
            var on = ParseOnOff(key, value);
            return c => toggle.With(c, on);
        }

        var n = ParseCount(key, value);
        var count = EthtoolFields.CoalesceCounts[field];
        return c => count.With(c, n);
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
}

using Nictune.Core.Catalog;
using Nictune.Core.Tuning;
using Nictune.Linux.Ethtool;
using Nictune.Linux.IO;

namespace Nictune.Linux.Tuning;

/// <summary>
/// <see cref="ISettingStore"/> on Linux: each key is resolved in <see cref="SettingCatalog"/> and handed to the
/// <see cref="EthtoolSettingStore"/> (ring.*, channels.*, coalesce.*, feature.*) or the <see cref="FileSettingStore"/>
/// (sysctls, and sysfs/procfs attributes such as txqueuelen, RPS/XPS and IRQ affinity) as its entry's access says.
/// A key that no adapter could ever serve (a name the catalog lacks, an interface name with '/', a sysctl path
/// escaping /proc/sys) is a caller bug and throws <see cref="ArgumentException"/>.
/// </summary>
public sealed class LinuxSettingStore(SystemRoot root, IEthtoolClient ethtool) : ISettingStore
{
    private static readonly KernelFileAccess Sysctl = new(FileDirectory.ProcSys, string.Empty);

    private readonly EthtoolSettingStore _ethtool = new(ethtool);
    private readonly FileSettingStore _files = new(root);

    public SettingReading Read(SettingKey key)
    {
        var (access, member) = Resolve(key);
        return access is EthtoolAccess block
            ? _ethtool.Read(key, block, member)
            : _files.Read(FileSettingStore.PathOf(key, (KernelFileAccess)access, member), normaliseWhitespace: key.Scope == SettingScope.Sysctl);
    }

    public void Write(SettingKey key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (access, member) = Resolve(key);
        if (key.Scope == SettingScope.Interface)
        {
            // Whatever the write, the device's blocks are read again: a ring or channel change can reset the link and
            // with it other settings.
            _ethtool.Forget(key.Target);
        }

        if (access is EthtoolAccess block)
        {
            _ethtool.Write(key, block, member, value);
        }
        else
        {
            _files.Write(key, FileSettingStore.PathOf(key, (KernelFileAccess)access, member), value);
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
        var resolved = settings.Select(s => (s.Key, Resolved: Resolve(s.Key), s.Value)).ToList();
        var first = resolved.Count > 0 ? resolved[0] : default;
        var together = first.Resolved.Access is EthtoolAccess { Block: EthtoolBlock.Features or EthtoolBlock.Channels or EthtoolBlock.Ring } block
            && resolved.All(s => s.Key.Scope == SettingScope.Interface && s.Key.Target == first.Key.Target
                && s.Resolved.Access is EthtoolAccess other && other.Block == block.Block);
        if (!together)
        {
            foreach (var (key, value) in settings)
            {
                Write(key, value);
            }

            return;
        }

        _ethtool.WriteTogether(first.Key.Target, ((EthtoolAccess)first.Resolved.Access).Block,
            [.. resolved.Select(s => (s.Key, (EthtoolAccess)s.Resolved.Access, s.Resolved.Member, s.Value))]);
    }

    public IDisposable ReadPass() => _ethtool.ReadPass();

    /// <summary>
    /// A sysctl or a file-backed interface setting whose file is on a read-only mount (statvfs ST_RDONLY: a
    /// container's /sys, a unit's ProtectKernelTunables= or ReadOnlyPaths=); the ethtool settings go through ioctls,
    /// which a read-only mount does not stop.
    /// </summary>
    public string? WriteRefusal(SettingKey key)
    {
        var (access, member) = Resolve(key);
        return access is KernelFileAccess file ? _files.WriteRefusal(FileSettingStore.PathOf(key, file, member)) : null;
    }

    /// <summary>Whether <c>/sys/class/net/NIC</c> exists: a refused or unreadable setting of a missing interface means it is gone.</summary>
    public bool InterfaceExists(string nic)
    {
        RequireInterfaceName(nic, nic);
        return _files.InterfaceExists(nic);
    }

    /// <summary>
    /// The catalog's access for <paramref name="key"/> and the member its names (<c>rx</c> of <c>ring.rx</c>, the feature
    /// of <c>feature.rx-gro</c>, the queue of <c>rps-cpus.rx-0</c>), after checking the interface name and the setting.
    /// </summary>
    private static (SettingAccess Access, string Member) Resolve(SettingKey key)
    {
        if (key.Scope == SettingScope.Sysctl)
        {
            return (Sysctl, string.Empty);
        }

        RequireInterfaceName(key.Target, key.ToString());
        if (!SettingCatalog.TryResolve(key.Name ?? string.Empty, out var setting, out var family, out var member))
        {
            throw new ArgumentException($"{key}: unknown interface setting '{SettingValueText.Truncate(key.Name)}'", nameof(key));
        }

        return setting is not null ? (setting.Access, setting.Key) : (family!.Access, member);
    }

    /// <summary>The kernel's dev_valid_name rules (<see cref="InterfaceName"/>), so that a name can never leave /sys/class/net.</summary>
    private static void RequireInterfaceName(string nic, string what)
    {
        if (InterfaceName.Check(nic) is { } error)
        {
            throw new ArgumentException($"{what}: '{SettingValueText.Truncate(nic)}' is not a valid interface name ({error})", nameof(nic));
        }
    }
}

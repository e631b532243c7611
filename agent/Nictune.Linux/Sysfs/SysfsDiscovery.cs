using Nictune.Core.Model;
using Nictune.Linux.IO;

namespace Nictune.Linux.Sysfs;

/// <summary>Placeholder until discovery lands: reads nothing.</summary>
public sealed class SysfsDiscovery(SystemRoot root)
{
    public SystemRoot Root { get; } = root;

    public SystemInventory Discover() => new(Root.IsLive ? Hypervisor.None : Hypervisor.None, [], [], []);
}

using Nictune.Core;
using Nictune.Core.Model;
using Nictune.Core.Tuning;
using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api.Mapping;

/// <summary>ListInterfaces: what <c>detect --json</c> shows, plus the current value of each managed setting.</summary>
public static class InventoryMapping
{
    /// <param name="managed">The settings the active profile manages, with the value the kernel holds now.</param>
    public static ListInterfacesResponse ToWire(SystemInventory inventory, string profile, IReadOnlyDictionary<SettingKey, string?> managed)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(managed);
        var response = new ListInterfacesResponse { Hypervisor = Names.Of(inventory.Hypervisor), Profile = profile };
        foreach (var nic in inventory.Interfaces)
        {
            var wire = new Interface
            {
                Name = nic.Name,
                Class = Names.Of(nic.Class),
                Driver = nic.Driver ?? string.Empty,
                RxQueues = (uint)Math.Max(nic.Queues.Rx, 0),
                TxQueues = (uint)Math.Max(nic.Queues.Tx, 0),
                Mtu = (uint)Math.Max(nic.Mtu ?? 0, 0),
                OperState = nic.OperState ?? string.Empty,
                Master = nic.Master ?? string.Empty,
                Failover = nic.Failover is { } role ? Names.Of(role) : string.Empty,
            };
            if (nic.Pci is { } pci)
            {
                wire.Pci = new Pci
                {
                    Address = pci.Address,
                    Vendor = pci.Vendor,
                    Device = pci.Device,
                    SubsystemVendor = pci.SubsystemVendor ?? string.Empty,
                    SubsystemDevice = pci.SubsystemDevice ?? string.Empty,
                };
            }

            wire.Settings.AddRange(managed
                .Where(m => m.Key.Scope == SettingScope.Interface && m.Key.Target == nic.Name)
                .OrderBy(m => m.Key.Name, StringComparer.Ordinal)
                .Select(m => new Setting { Key = m.Key.Name, Value = m.Value ?? string.Empty }));
            response.Interfaces.Add(wire);
        }

        response.Advisories.AddRange(inventory.Advisories.Select(a => new V1.Advisory
        {
            Code = a.Code,
            Severity = Names.Of(a.Severity),
            Interface = a.Interface ?? string.Empty,
            Pci = a.Pci ?? string.Empty,
            Message = a.Message,
        }));
        return response;
    }
}

using System.Globalization;
using System.Text;
using Nictune.Core;
using Nictune.Core.Model;

namespace Nictune.Host.Output;

/// <summary>The human form of <c>nictune detect</c>.</summary>
internal static class InventoryTable
{
    public static void Write(SystemInventory inventory)
    {
        var output = Console.Out;
        var colour = Terminal.Colour;
        output.WriteLine($"Hypervisor: {Terminal.Styled(Names.Of(inventory.Hypervisor), Terminal.Style.Bold, colour)}");
        var table = new TextTable("NAME", "CLASS", "DRIVER", "PCI", "ID", "QUEUES", "MTU", "STATE", "MASTER", "FAILOVER");
        foreach (var nic in inventory.Interfaces)
        {
            table.AddRow(
                nic.Name,
                nic.Kind is { } kind && nic.Class == NicClass.Software ? $"{Names.Of(nic.Class)} ({kind})" : Names.Of(nic.Class),
                nic.Driver,
                nic.Pci?.Address,
                nic.Pci is { } p ? $"{p.Vendor}:{p.Device}" : null,
                $"{nic.Queues.Rx}/{nic.Queues.Tx}",
                nic.Mtu?.ToString(CultureInfo.InvariantCulture),
                nic.OperState,
                nic.Master,
                nic.Failover is { } f ? Names.Of(f) : null);
        }

        table.Write(output);
        var notes = new StringBuilder();
        foreach (var device in inventory.UnboundDevices)
        {
            notes.Append(Printable.Of($"Unbound PCI device {device.Pci.Address} ({device.Pci.Vendor}:{device.Pci.Device}), class {device.Class}")).Append('\n');
        }

        foreach (var advisory in inventory.Advisories)
        {
            var where = advisory.Interface ?? advisory.Pci ?? "-";
            var style = advisory.Severity switch
            {
                Severity.Error => Terminal.Style.Red,
                Severity.Warning => Terminal.Style.Yellow,
                _ => Terminal.Style.Blue,
            };
            notes.Append(Terminal.Styled(Names.Of(advisory.Severity), style, colour)).Append(Printable.Of($" {advisory.Code} {where}: {advisory.Message}")).Append('\n');
        }

        output.Write(notes.ToString());
    }
}

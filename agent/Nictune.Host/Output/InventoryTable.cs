using Nictune.Core;
using System.Globalization;
using Nictune.Core.Model;
using Spectre.Console;

namespace Nictune.Host.Output;

/// <summary>The human form of <c>nictune detect</c>.</summary>
internal static class InventoryTable
{
    public static void Write(SystemInventory inventory)
    {
        var console = Terminal.Create();
        console.MarkupLine($"Hypervisor: [bold]{Markup.Escape(Names.Of(inventory.Hypervisor))}[/]");
        var table = Terminal.NewTable("NAME", "CLASS", "DRIVER", "PCI", "ID", "QUEUES", "MTU", "STATE", "MASTER", "FAILOVER");

        foreach (var nic in inventory.Interfaces)
        {
            table.AddRow(
                Terminal.Cell(nic.Name),
                Terminal.Cell(nic.Kind is { } kind && nic.Class == NicClass.Software ? $"{Names.Of(nic.Class)} ({kind})" : Names.Of(nic.Class)),
                Terminal.Cell(nic.Driver),
                Terminal.Cell(nic.Pci?.Address),
                Terminal.Cell(nic.Pci is { } p ? $"{p.Vendor}:{p.Device}" : null),
                Terminal.Cell($"{nic.Queues.Rx}/{nic.Queues.Tx}"),
                Terminal.Cell(nic.Mtu?.ToString(CultureInfo.InvariantCulture)),
                Terminal.Cell(nic.OperState),
                Terminal.Cell(nic.Master),
                Terminal.Cell(nic.Failover is { } f ? Names.Of(f) : null));
        }

        console.Write(table);
        foreach (var device in inventory.UnboundDevices)
        {
            console.MarkupLine($"Unbound PCI device {Markup.Escape(device.Pci.Address)} ({device.Pci.Vendor}:{device.Pci.Device}), class {Markup.Escape(device.Class)}");
        }

        foreach (var advisory in inventory.Advisories)
        {
            var where = advisory.Interface ?? advisory.Pci ?? "-";
            var colour = advisory.Severity switch
            {
                Severity.Error => "red",
                Severity.Warning => "yellow",
                _ => "blue",
            };
            console.MarkupLine($"[{colour}]{Names.Of(advisory.Severity)}[/] {Markup.Escape(advisory.Code)} {Markup.Escape(where)}: {Markup.Escape(advisory.Message)}");
        }
    }
}

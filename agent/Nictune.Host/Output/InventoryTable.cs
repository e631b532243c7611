using System.Globalization;
using Nictune.Core.Model;
using Spectre.Console;

namespace Nictune.Host.Output;

/// <summary>The human form of <c>nictune detect</c>.</summary>
internal static class InventoryTable
{
    /// <summary>Spectre assumes 80 columns when output is not a terminal, which folds every cell; a pipe has no width.</summary>
    private const int RedirectedWidth = 200;

    public static void Write(SystemInventory inventory)
    {
        // Built per call on the current Console.Out so that redirection (and tests capturing output) is honoured;
        // a pipe gets plain text, not escape sequences.
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        console.MarkupLine($"Hypervisor: [bold]{Markup.Escape(Names.Of(inventory.Hypervisor))}[/]");
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in new[] { "NAME", "CLASS", "DRIVER", "PCI", "ID", "QUEUES", "MTU", "STATE", "MASTER", "FAILOVER" })
        {
            table.AddColumn(new TableColumn(header).NoWrap());
        }

        foreach (var nic in inventory.Interfaces)
        {
            table.AddRow(
                Cell(nic.Name),
                Cell(nic.Kind is { } kind && nic.Class == NicClass.Software ? $"{Names.Of(nic.Class)} ({kind})" : Names.Of(nic.Class)),
                Cell(nic.Driver),
                Cell(nic.Pci?.Address),
                Cell(nic.Pci is { } p ? $"{p.Vendor}:{p.Device}" : null),
                Cell($"{nic.Queues.Rx}/{nic.Queues.Tx}"),
                Cell(nic.Mtu?.ToString(CultureInfo.InvariantCulture)),
                Cell(nic.OperState),
                Cell(nic.Master),
                Cell(nic.Failover is { } f ? Names.Of(f) : null));
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

    private static Text Cell(string? value) => new(value ?? "-");
}

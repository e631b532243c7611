using System.CommandLine;
using System.Text.Json;
using Nictune.Core.Model;
using Nictune.Host.Output;
using Nictune.Linux.Sysfs;

namespace Nictune.Host.Cli;

/// <summary><c>nictune detect</c>: list interfaces, their driver class, the hypervisor and advisories.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var root = CommonOptions.Root();
        var json = CommonOptions.Json();
        var command = new Command("detect", "Detect network interfaces, their driver class and the hypervisor") { root, json };
        command.SetAction(parse =>
        {
            var systemRoot = RootOption.Resolve(parse.GetValue(root));
            var inventory = new SysfsDiscovery(systemRoot).Discover();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(inventory, NictuneJsonContext.Default.SystemInventory));
            }
            else
            {
                InventoryTable.Write(inventory);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

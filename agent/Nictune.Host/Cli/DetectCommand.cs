using System.CommandLine;
using System.Text.Json;
using Nictune.Core.Model;
using Nictune.Host.Output;
using Nictune.Host.Tuning;
using Nictune.Linux.Ethtool;
using Nictune.Linux.IO;
using Nictune.Linux.State;
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
        command.SetAction(parse => VerbFailures.Run(() =>
        {
            var systemRoot = RootOption.Resolve(parse.GetValue(root));
            var inventory = Discover(systemRoot);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(inventory, NictuneJsonContext.Default.SystemInventory));
            }
            else
            {
                InventoryTable.Write(inventory);
            }

            // Detect only reads: a journal in the default state directory is reported, never recovered.
            return (systemRoot.IsLive ? PendingJournal.Report(FileStateStore.DefaultDirectory) : null) ?? ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A fixture tree has no kernel behind it, so only a live run opens an ethtool socket.</summary>
    private static SystemInventory Discover(SystemRoot root)
    {
        using var ethtool = root.IsLive ? new EthtoolClient() : null;
        return TuningRuntime.Discover(root, ethtool);
    }
}

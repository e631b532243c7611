using Nictune.Core;
using Nictune.Core.Transactions;
using Spectre.Console;

namespace Nictune.Host.Output;

/// <summary>The human form of a transaction's result: each setting's outcome, then what state was left.</summary>
internal static class TransactionTable
{
    public static void Write(TransactionResult result)
    {
        var console = Terminal.Create();
        if (result.Settings.Count > 0)
        {
            var table = Terminal.NewTable("TARGET", "SETTING", "ORIGINAL", "DESIRED", "ACTUAL", "STATUS", "MESSAGE");
            foreach (var setting in result.Settings)
            {
                table.AddRow(
                    Terminal.Cell(PlanTable.Target(setting.Key)),
                    Terminal.Cell(setting.Key.Name),
                    Terminal.Cell(setting.Original),
                    Terminal.Cell(setting.Desired),
                    Terminal.Cell(setting.Actual),
                    Terminal.Cell(Names.Of(setting.Status)),
                    Terminal.Cell(setting.Message));
            }

            console.Write(table);
        }

        console.WriteLine($"{Names.Of(result.Outcome)}: {result.Message}");
        foreach (var left in result.LeftChanged)
        {
            console.WriteLine($"LEFT CHANGED: {left.Key} holds {left.Actual ?? "?"}, its original was {left.Original ?? "(none)"}");
        }
    }
}

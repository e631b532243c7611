using System.Text;
using Nictune.Core;
using Nictune.Core.Transactions;

namespace Nictune.Host.Output;

/// <summary>The human form of a transaction's result: each setting's outcome, then what state was left.</summary>
internal static class TransactionTable
{
    public static void Write(TransactionResult result)
    {
        var output = Console.Out;
        if (result.Settings.Count > 0)
        {
            var table = new TextTable("TARGET", "SETTING", "ORIGINAL", "DESIRED", "ACTUAL", "STATUS", "MESSAGE");
            foreach (var setting in result.Settings)
            {
                table.AddRow(
                    PlanTable.Target(setting.Key),
                    setting.Key.Name,
                    setting.Original,
                    setting.Desired,
                    setting.Actual,
                    Names.Of(setting.Status),
                    setting.Message);
            }

            table.Write(output);
        }

        var summary = new StringBuilder().Append(Printable.Of($"{Names.Of(result.Outcome)}: {result.Message}")).Append('\n');
        foreach (var left in result.LeftChanged)
        {
            summary.Append(Printable.Of($"LEFT CHANGED: {left.Key} holds {left.Actual ?? "?"}, its original was {left.Original ?? "(none)"}")).Append('\n');
        }

        foreach (var refused in result.NotInForce ?? [])
        {
            summary.Append(Printable.Of($"NOT IN FORCE: {refused.Key} holds {refused.Original ?? "?"}, the kernel refused {refused.Desired ?? "-"}: {refused.Message}")).Append('\n');
        }

        output.Write(summary.ToString());
    }
}

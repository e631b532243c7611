using Nictune.Core;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;
using Spectre.Console;

namespace Nictune.Host.Output;

/// <summary>The human form of a plan: one row per setting, in the order apply writes them.</summary>
internal static class PlanTable
{
    public static void Write(TuningPlan plan)
    {
        var console = Terminal.Create();
        console.WriteLine($"Profile {plan.Profile} ({plan.Source}): {plan.Changes.Count()} change(s)");
        var table = Terminal.NewTable("TARGET", "SETTING", "CURRENT", "DESIRED", "ACTION", "REASON");
        foreach (var row in plan.Rows)
        {
            table.AddRow(
                Terminal.Cell(Target(row.Key)),
                Terminal.Cell(row.Key.Name),
                Terminal.Cell(row.Current),
                Terminal.Cell(row.Desired),
                Terminal.Cell(Names.Of(row.Action) + (row.ResetsLink && row.IsWrite ? " (resets link)" : string.Empty)),
                Terminal.Cell(row.Reason));
        }

        console.Write(table);
        foreach (var match in plan.Matches)
        {
            var rule = match.Rule is { } location ? $"rule {match.RuleIndex} at {location}" : "no rule matched";
            console.WriteLine($"{match.Interface}: {rule}{(match.Note is { } note ? $"; {note}" : string.Empty)}");
        }
    }

    public static string Target(SettingKey key) => key.Scope == SettingScope.Sysctl ? "sysctl" : key.Target;
}

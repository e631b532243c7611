using System.Text;
using Nictune.Core;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Host.Output;

/// <summary>The human form of a plan: one row per setting, in the order apply writes them.</summary>
internal static class PlanTable
{
    public static void Write(TuningPlan plan)
    {
        var output = Console.Out;
        output.WriteLine(Printable.Of($"Profile {plan.Profile} ({plan.Source}): {plan.ChangeCount} change(s)"));
        var table = new TextTable("TARGET", "SETTING", "CURRENT", "DESIRED", "ACTION", "REASON");
        foreach (var row in plan.Rows)
        {
            table.AddRow(
                Target(row.Key),
                row.Key.Name,
                row.Current,
                row.Desired,
                Names.Of(row.Action) + (row.ResetsLink && row.IsWrite ? " (resets link)" : string.Empty),
                row.Reason);
        }

        table.Write(output);
        var matches = new StringBuilder();
        foreach (var match in plan.Matches)
        {
            var rule = match.Rule is { } location ? $"rule {match.RuleIndex} at {location}" : "no rule matched";
            matches.Append(Printable.Of($"{match.Interface}: {rule}{(match.Note is { } note ? $"; {note}" : string.Empty)}")).Append('\n');
        }

        output.Write(matches.ToString());
    }

    public static string Target(SettingKey key) => key.Scope == SettingScope.Sysctl ? "sysctl" : key.Target;
}

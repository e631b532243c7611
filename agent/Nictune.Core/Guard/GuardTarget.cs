using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Core.Guard;

/// <summary>An interface a transaction is about to change, and whether one of its writes resets the link.</summary>
public sealed record GuardTarget(string Interface, bool ResetsLink)
{
    /// <summary>The interfaces <paramref name="plan"/> writes, each once, in plan order.</summary>
    public static IReadOnlyList<GuardTarget> Of(TuningPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.Rows
            .Where(r => r.IsWrite && r.Key.Scope == SettingScope.Interface)
            .GroupBy(r => r.Key.Target, StringComparer.Ordinal)
            .Select(g => new GuardTarget(g.Key, g.Any(r => r.ResetsLink)))];
    }
}

using System.Text.Json.Serialization;

namespace Nictune.Core.Planning;

/// <summary>
/// The result of planning a profile against the system: every setting the profile touches, in the order the
/// transaction writes them. Apply a plan straight after making it: its <see cref="PlanRow.Current"/> values are the
/// originals the journal records.
/// </summary>
/// <param name="Profile">The profile's name.</param>
/// <param name="Source">The profile's file, for output.</param>
/// <param name="Rows">All rows, write order first: sysctls, then each device's link-resetting settings, other
/// device settings, steering (RPS/XPS) and IRQ affinity.</param>
/// <param name="Matches">One entry per interface of the inventory.</param>
public sealed record TuningPlan(
    string Profile,
    string Source,
    IReadOnlyList<PlanRow> Rows,
    IReadOnlyList<InterfaceMatch> Matches)
{
    /// <summary>The rows that applying the plan writes, in write order.</summary>
    public IEnumerable<PlanRow> Changes => Rows.Where(r => r.IsWrite);

    public bool HasChanges => Rows.Any(r => r.IsWrite);

    /// <summary>How many settings the plan changes (<see cref="PlanRow.ChangesValue"/>): rewrites of held values do not count.</summary>
    public int ChangeCount => Rows.Count(r => r.ChangesValue);

    /// <summary>Each planned interface's <see cref="Model.DeviceIdentity"/>, by name; the baseline records it.</summary>
    public IReadOnlyDictionary<string, string> Devices { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Each planned interface's <see cref="Model.DeviceIdentity.WithDriver"/>, by name: what a refused write is remembered for.</summary>
    public IReadOnlyDictionary<string, string> Drivers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Every interface the system had when the plan was made. The planner sets it from its inventory; a caller that
    /// planned a filtered inventory (the agent's include/exclude globs) sets it from the unfiltered one. Null for a
    /// plan built by hand: then the baseline forgets nothing. Not part of the plan's output: <see cref="Matches"/>
    /// already lists the planned interfaces.
    /// </summary>
    [JsonIgnore]
    public PresentInterfaces? Present { get; init; }
}

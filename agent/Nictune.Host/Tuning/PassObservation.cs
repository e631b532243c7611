using Nictune.Core.Planning;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;

namespace Nictune.Host.Tuning;

/// <summary>What <see cref="DriftLedger.Observe"/> found in one pass's plan.</summary>
/// <param name="Plan">The plan to apply: the pass's plan without the writes set aside.</param>
/// <param name="Changes">Every row the pass would write.</param>
/// <param name="NewDrift">Changes on settings already known that were not reported before (or whose value moved).</param>
/// <param name="Added">Interfaces new since the last pass, with how many of their settings the pass changes.</param>
/// <param name="Removed">Interfaces gone since the last pass.</param>
/// <param name="NoLongerManaged">After a profile change: settings the old profile managed and the new one does not.</param>
/// <param name="NotInForce">The writes of the pass's plan that were set aside, as the kernel refused them: left out of <paramref name="Plan"/>.</param>
internal sealed record PassObservation(
    TuningPlan Plan,
    IReadOnlyList<PlanRow> Changes,
    IReadOnlyList<PlanRow> NewDrift,
    IReadOnlyList<(string Interface, int Changes)> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<SettingKey> NoLongerManaged,
    IReadOnlyList<SettingOutcome> NotInForce);

using Nictune.Core.Transactions;

namespace Nictune.Protocol.Metrics;

/// <summary>What the tuning is doing now, as the daemon last recorded it.</summary>
/// <param name="Profile">The active profile's name, or null before the first tune.</param>
/// <param name="Source">Where the profile came from: <c>auto</c>, <c>config</c>, <c>pushed</c>, <c>applied</c>.</param>
/// <param name="Generation">The pushed profile's generation (0 for one that was not pushed).</param>
/// <param name="ManagedSysctls">The sysctls the profile manages (those with integer values become gauges).</param>
/// <param name="Drifted">Managed settings that differ from the profile now.</param>
/// <param name="Conditions">The agent's conditions by type (Applied, Degraded, Drifted): <c>nictune_condition{type}</c>.</param>
/// <param name="LastTransaction">The verb and result (the <c>nictune_transactions_total</c> labels) of the last transaction, if any since start.</param>
public sealed record TuningSnapshot(
    string? Profile,
    string? Source,
    long Generation,
    IReadOnlyList<string> ManagedSysctls,
    IReadOnlyList<DriftedSetting> Drifted,
    IReadOnlyList<KeyValuePair<string, bool>>? Conditions = null,
    (string Verb, string Result)? LastTransaction = null)
{
    /// <summary>The rx ring sizes the adaptive overlay keeps, by interface (docs/adaptive.md).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> AdaptiveRings { get; init; } = [];

    public static readonly TuningSnapshot Empty = new(null, null, 0, [], []);
}

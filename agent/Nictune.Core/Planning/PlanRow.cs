using Nictune.Core.Profiles;
using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// One setting of a plan. <see cref="Current"/> is the raw text the system reported (kept verbatim so that undo
/// writes back exactly what was there); comparisons use canonical forms (see <see cref="SettingValues"/>).
/// </summary>
/// <param name="Key">The setting: a sysctl or an interface's setting.</param>
/// <param name="Current">The value the system holds now; null when unsupported or when the setting does not exist yet
/// (a queue that appears after a channel change).</param>
/// <param name="Requested">What the profile asked for, as written there (<c>max</c>, <c>cpus</c>, <c>9000</c>, <c>local</c>);
/// null for rows the planner adds to restore steering after a link reset.</param>
/// <param name="Desired">The value a write would store, in the kernel's text form; null when unsupported.</param>
/// <param name="Action">Whether and why the setting is written.</param>
/// <param name="Reason">A human explanation of <see cref="Action"/>, e.g. "requested 9000 is above the device maximum 4096".</param>
/// <param name="ResetsLink">The driver resets the link (carrier loss, queue re-creation) when this setting changes.</param>
/// <param name="Rule">The profile rule the row comes from; null for sysctls and restore rows.</param>
public sealed record PlanRow(
    SettingKey Key,
    string? Current,
    string? Requested,
    string? Desired,
    PlanAction Action,
    string Reason,
    bool ResetsLink = false,
    SourceLocation? Rule = null)
{
    /// <summary>The source of <see cref="Desired"/> when it is not the profile: <see cref="AdaptiveSource"/> for a
    /// value an adaptive overlay keeps (docs/adaptive.md); null for the profile's own value.</summary>
    public string? Source { get; init; }

    /// <summary>The <see cref="Source"/> of a value from the adaptive overlay.</summary>
    public const string AdaptiveSource = "adaptive";

    /// <summary>
    /// True when applying the plan writes this setting: a change, or a clamped value the setting does not hold yet (a
    /// setting already at the limit is reported clamped and left alone).
    /// </summary>
    public bool IsWrite => Action == PlanAction.Change || (Action == PlanAction.Clamped && ChangesValue);

    /// <summary>
    /// True when the setting does not hold <see cref="Desired"/> now (or does not exist yet). A write that puts back
    /// the value a setting holds (steering kept across a link reset) is a write but not a change: plan counts and drift
    /// count only these.
    /// </summary>
    public bool ChangesValue => Action is PlanAction.Change or PlanAction.Clamped && !SettingValues.AreEqual(Key, Current, Desired);
}

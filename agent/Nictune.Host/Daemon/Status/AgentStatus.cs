using Nictune.Core.Status;
using Nictune.Core.Transactions;
using Nictune.Core.Tuning;
using Nictune.Host.Daemon.Configuration;

namespace Nictune.Host.Daemon.Status;

/// <summary>A snapshot of what the agent is doing, for <c>GetStatus</c> and the metrics.</summary>
/// <param name="Profile">The active profile's name, or null when none is enforced.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Generation">The pushed profile's generation (0 until the API persists one).</param>
/// <param name="Mode">enforce or observe.</param>
/// <param name="LastTransaction">The last transaction run, or null before the first.</param>
/// <param name="Drifted">Managed settings away from the profile's value after the last pass.</param>
/// <param name="StartedAt">When the agent started.</param>
/// <param name="Uptime">How long it has run.</param>
/// <param name="BootTuneDone">True once the boot tune finished (READY=1 was sent).</param>
/// <param name="LastEventSequence">The sequence number of the last event published: a <c>since</c> to watch from.</param>
/// <param name="SetAside">Settings the kernel refused for good, left out of the passes until the profile or configuration changes.</param>
public sealed record AgentStatus(
    string? Profile,
    ProfileSource Source,
    long Generation,
    AgentMode Mode,
    LastTransaction? LastTransaction,
    IReadOnlyList<DriftedSetting> Drifted,
    DateTimeOffset StartedAt,
    TimeSpan Uptime,
    bool BootTuneDone,
    long LastEventSequence,
    IReadOnlyList<SettingKey>? SetAside = null)
{
    /// <summary>Adaptive rings: standing suggestions, values kept in the overlay, rings that cannot grow (docs/adaptive.md).</summary>
    public IReadOnlyList<AdaptiveRingStatus> Adaptive { get; init; } = [];

    /// <summary>
    /// The profile enforced (named <see cref="Profile"/>), as the work loop parsed it: what the metrics and the API's
    /// reads plan with, so that none of them reads or parses a profile again (a pushed one may share a catalog name).
    /// </summary>
    public Core.Profiles.Profile? Enforced { get; init; }

    /// <summary>The pushed store as the work loop last read it; its problem, when it has one, makes the agent Degraded.</summary>
    public PushedStatus Pushed { get; init; } = PushedStatus.Empty;

    /// <summary>Applied, Degraded and Drifted, from this snapshot (<see cref="AgentConditions"/>).</summary>
    public IReadOnlyList<AgentCondition> Conditions => AgentConditions.Evaluate(this);
}

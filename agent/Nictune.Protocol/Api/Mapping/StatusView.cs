using Nictune.Core.Status;
using Nictune.Core.Transactions;

namespace Nictune.Protocol.Api.Mapping;

/// <summary>
/// The agent's status as <c>GetStatus</c> answers it, in Core's terms: the daemon fills it from its status board and
/// what only it knows (its version, the hypervisor, the state directory); <see cref="StatusMapping"/> puts it on the wire.
/// </summary>
/// <param name="Version">The agent's version.</param>
/// <param name="Hypervisor">The hypervisor detected, as <c>Names.Of</c> spells it.</param>
/// <param name="StateDirectory">The state directory in force.</param>
/// <param name="Profile">The active profile's name, or null when none is enforced.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Generation">The pushed profile's generation.</param>
/// <param name="Observing">True in observe mode (nothing is written), false in enforce mode.</param>
/// <param name="Uptime">How long the agent has run.</param>
/// <param name="BootTuneDone">True once the boot tune finished.</param>
/// <param name="LastEventSequence">The sequence number of the last event published.</param>
/// <param name="LastTransaction">The last transaction run, or null before the first.</param>
/// <param name="Drifted">Managed settings away from the profile's value after the last pass.</param>
/// <param name="Conditions">Applied, Degraded and Drifted, in that order.</param>
/// <param name="Adaptive">What adaptive rings says (docs/adaptive.md).</param>
public sealed record StatusView(
    string Version,
    string Hypervisor,
    string StateDirectory,
    string? Profile,
    ProfileSource Source,
    ulong Generation,
    bool Observing,
    TimeSpan Uptime,
    bool BootTuneDone,
    long LastEventSequence,
    LastTransaction? LastTransaction,
    IReadOnlyList<DriftedSetting> Drifted,
    IReadOnlyList<AgentCondition> Conditions,
    IReadOnlyList<AdaptiveRingStatus> Adaptive);

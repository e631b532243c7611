using Nictune.Core.Profiles;
using Nictune.Core.Status;
using Nictune.Host.Daemon.Status;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Metrics;

/// <summary>
/// The tuning state the metrics read at scrape time, from the daemon's status board: the active profile, where it
/// came from and its generation, the settings that drifted, and the conditions (Applied, Degraded, Drifted). The sysctls the profile manages come from
/// the profile the loop enforces (<see cref="AgentStatus.Enforced"/>), never from a file read again by name.
/// </summary>
internal sealed class TuningSnapshotSource(AgentStatusBoard board)
{
    private readonly Lock _gate = new();
    private (Profile? Profile, IReadOnlyList<string> Sysctls) _managed = (null, []);

    public TuningSnapshot Current()
    {
        var status = board.Snapshot();
        return new TuningSnapshot(
            status.Profile,
            Source(status.Source),
            status.Generation,
            ManagedSysctls(status.Enforced),
            status.Drifted,
            [.. status.Conditions.Select(c => KeyValuePair.Create(c.Type, c.Status))],
            status.LastTransaction is { } last ? (last.Verb, TuningMetrics.Result(last.Result)) : null)
        {
            AdaptiveRings = [.. status.Adaptive.Where(a => a.State == "overlay" && a.Value is not null).Select(a => KeyValuePair.Create(a.Device, a.Value!.Value))],
        };
    }

    /// <summary>The <c>source</c> label of <c>nictune_profile_info</c>.</summary>
    internal static string Source(ProfileSource source) => source switch
    {
        ProfileSource.Auto => "auto",
        ProfileSource.Configured => "config",
        ProfileSource.Pushed => "pushed",
        ProfileSource.Applied => "applied",
        _ => "none",
    };

    /// <summary>The enforced profile's sysctls, sorted once per profile the loop puts in force (by reference: a push of the same name is another profile).</summary>
    private IReadOnlyList<string> ManagedSysctls(Profile? profile)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_managed.Profile, profile))
            {
                _managed = (profile, profile is null ? [] : [.. profile.Sysctl.Keys.Order(StringComparer.Ordinal)]);
            }

            return _managed.Sysctls;
        }
    }
}

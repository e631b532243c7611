using Nictune.Core.Profiles;
using Nictune.Host.Daemon.Status;
using Nictune.Linux.Profiles;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Metrics;

/// <summary>
/// The tuning state the metrics read at scrape time, from the daemon's status board: the active profile, where it
/// came from and its generation, the settings that drifted, and the conditions (Applied, Degraded, Drifted). The sysctls the profile manages are read from the
/// profile once per profile and generation, not per scrape.
/// </summary>
internal sealed class TuningSnapshotSource(AgentStatusBoard board, ProfileCatalog catalog)
{
    private readonly Lock _gate = new();
    private (string? Profile, long Generation, IReadOnlyList<string> Sysctls) _managed = (null, -1, []);

    public TuningSnapshot Current()
    {
        var status = board.Snapshot();
        return new TuningSnapshot(
            status.Profile,
            Source(status.Source),
            status.Generation,
            ManagedSysctls(status.Profile, status.Generation),
            status.Drifted,
            [.. status.Conditions.Select(c => KeyValuePair.Create(c.Type, c.Status))],
            status.LastTransaction is { } last ? (last.Verb, MetricsEventBridge.Result(last.Result)) : null)
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

    private IReadOnlyList<string> ManagedSysctls(string? profile, long generation)
    {
        lock (_gate)
        {
            if (_managed.Profile != profile || _managed.Generation != generation)
            {
                _managed = (profile, generation, Load(profile));
            }

            return _managed.Sysctls;
        }
    }

    /// <summary>A profile the catalog cannot load (a pushed one kept only in the state directory) shows no sysctls.</summary>
    private IReadOnlyList<string> Load(string? profile)
    {
        if (profile is null)
        {
            return [];
        }

        try
        {
            return [.. catalog.Load(profile).Sysctl.Keys.Order(StringComparer.Ordinal)];
        }
        catch (ProfileException)
        {
            return [];
        }
    }
}

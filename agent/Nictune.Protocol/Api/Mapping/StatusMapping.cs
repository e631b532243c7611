using Google.Protobuf.WellKnownTypes;
using Nictune.Protocol.Api.V1;
using CoreSource = Nictune.Core.Status.ProfileSource;
using WireSource = Nictune.Protocol.Api.V1.ProfileSource;

namespace Nictune.Protocol.Api.Mapping;

/// <summary>The agent's status (<see cref="StatusView"/>) and its active profile on the wire.</summary>
public static class StatusMapping
{
    public static AgentStatus ToWire(StatusView status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var wire = new AgentStatus
        {
            Version = status.Version,
            Hypervisor = status.Hypervisor,
            ActiveProfile = ActiveProfile(status.Profile, status.Source, status.Generation),
            Mode = status.Observing ? Mode.Observe : Mode.Enforce,
            Uptime = Duration.FromTimeSpan(status.Uptime),
            BootTuneDone = status.BootTuneDone,
            LastEventSequence = (ulong)status.LastEventSequence,
            StateDir = status.StateDirectory,
        };
        wire.Conditions.AddRange(status.Conditions.Select(c => new Condition { Type = c.Type, Status = c.Status, Reason = c.Reason, Message = c.Message }));
        wire.Adaptive.AddRange(status.Adaptive.Select(a => new AdaptiveRing
        {
            Interface = a.Device,
            Key = a.Setting,
            State = a.State,
            Current = a.Current,
            Value = a.Value ?? 0,
            DropsPerSecond = a.DropsPerSecond,
            Reason = a.Reason,
            ProfileLine = a.ProfileLine ?? string.Empty,
        }));
        if (status.LastTransaction is { } last)
        {
            wire.LastTransaction = TransactionMapping.Summarize(last.Id, last.Verb, last.Result, last.FinishedAt, last.Duration, last.Counts, last.Message);
        }

        wire.Drifted.AddRange(status.Drifted.Select(d => new DriftedSetting
        {
            Interface = d.Device ?? string.Empty,
            Key = d.Setting,
            Current = d.Value ?? string.Empty,
            Desired = d.Wanted ?? string.Empty,
        }));
        return wire;
    }

    /// <summary>The profile enforced (<paramref name="name"/>, null for none), where it came from, and the pushed generation.</summary>
    public static ActiveProfile ActiveProfile(string? name, CoreSource source, ulong generation) =>
        new() { Name = name ?? string.Empty, Source = ToWire(source), Generation = generation };

    public static WireSource ToWire(CoreSource source) => source switch
    {
        CoreSource.Pushed => WireSource.Pushed,
        CoreSource.Configured => WireSource.Configured,
        CoreSource.Auto => WireSource.Auto,
        CoreSource.Applied => WireSource.Applied,
        _ => WireSource.None,
    };
}

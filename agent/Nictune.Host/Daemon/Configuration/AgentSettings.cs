using Nictune.Core.Model;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>The validated, typed agent configuration: what the daemon and the tuner work with.</summary>
/// <param name="ConfigFile">The file it came from, or null when the default file is absent and defaults apply.</param>
public sealed record AgentSettings(
    string StateDirectory,
    string Profile,
    AgentMode Mode,
    TimeSpan DriftInterval,
    OnStopAction OnStop,
    InterfaceFilter Interfaces,
    string? ConfigFile)
{
    public static readonly TimeSpan MinDriftInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDriftInterval = TimeSpan.FromDays(1);

    /// <summary>The Prometheus endpoint (the <c>metrics:</c> section).</summary>
    public MetricsSettings Metrics { get; init; } = MetricsSettings.Default;
    /// <summary>The gRPC control API's listeners and access rules.</summary>
    public ApiSettings Api { get; init; } = ApiSettings.Default;
    /// <summary>Adaptive rings (the <c>adaptive:</c> section).</summary>
    public Nictune.Core.Adaptive.AdaptivePolicy Adaptive { get; init; } = Nictune.Core.Adaptive.AdaptivePolicy.Default;
    /// <summary>The health guard after each change (the <c>guard:</c> section).</summary>
    public Nictune.Core.Guard.GuardPolicy Guard { get; init; } = Nictune.Core.Guard.GuardPolicy.Default;

    /// <summary>True when the profile is chosen from the detected NIC class and hypervisor.</summary>
    public bool IsAutoProfile => Profile == AgentOptions.AutoProfile;
}

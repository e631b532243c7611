using Microsoft.Extensions.Configuration;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>
/// The agent configuration file (<c>/etc/nictune/agent.yaml</c>) as bound from YAML. Keys are kebab-case, like the
/// command-line flags. Values stay strings here so that every check, and its message naming the key, lives in
/// <see cref="AgentOptionsValidator"/>; <see cref="AgentSettings"/> is the typed result.
/// </summary>
public sealed class AgentOptions
{
    public const string DefaultStateDirectory = "/var/lib/nictune";
    public const string AutoProfile = "auto";

    /// <summary>Where the agent keeps baselines and transaction journals.</summary>
    [ConfigurationKeyName("state-dir")]
    public string? StateDir { get; set; } = DefaultStateDirectory;

    /// <summary>A profile name, or <c>auto</c> to choose by the detected NIC class and hypervisor.</summary>
    public string? Profile { get; set; } = AutoProfile;

    /// <summary><c>enforce</c> applies the profile; <c>observe</c> only reports drift.</summary>
    public string? Mode { get; set; } = "enforce";

    /// <summary>How often to check for drift: <c>60s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> or plain seconds.</summary>
    [ConfigurationKeyName("drift-interval")]
    public string? DriftInterval { get; set; } = "60s";

    /// <summary><c>keep</c> leaves the tuning in place at stop; <c>restore-baseline</c> puts the recorded baseline back.</summary>
    [ConfigurationKeyName("on-stop")]
    public string? OnStop { get; set; } = "keep";

    public InterfaceFilterOptions Interfaces { get; set; } = new();

    public MetricsConfigOptions Metrics { get; set; } = new();
    /// <summary>The gRPC control API: socket, TCP listeners, TLS, who may mutate.</summary>
    public ApiConfigOptions Api { get; set; } = new();

    /// <summary>Adaptive rings: grow an rx ring that runs out of buffers (docs/adaptive.md).</summary>
    public AdaptiveConfigOptions Adaptive { get; set; } = new();

    /// <summary>The health guard after each change: link, probes, counters (docs/guard.md).</summary>
    public GuardConfigOptions Guard { get; set; } = new();

    /// <summary>
    /// The YAML node kind each known key must have (configuration paths; <c>*</c> stands for a list index). The binder
    /// silently skips a mapping where it expects a string, so the loader checks node kinds against this first.
    /// </summary>
    internal static IReadOnlyDictionary<string, ConfigNodeKind> Shape { get; } = new Dictionary<string, ConfigNodeKind>(StringComparer.OrdinalIgnoreCase)
    {
        [""] = ConfigNodeKind.Mapping,
        ["state-dir"] = ConfigNodeKind.Scalar,
        ["profile"] = ConfigNodeKind.Scalar,
        ["mode"] = ConfigNodeKind.Scalar,
        ["drift-interval"] = ConfigNodeKind.Scalar,
        ["on-stop"] = ConfigNodeKind.Scalar,
        ["interfaces"] = ConfigNodeKind.Mapping,
        ["interfaces:include"] = ConfigNodeKind.Sequence,
        ["interfaces:include:*"] = ConfigNodeKind.Scalar,
        ["interfaces:exclude"] = ConfigNodeKind.Sequence,
        ["interfaces:exclude:*"] = ConfigNodeKind.Scalar,
        ["metrics"] = ConfigNodeKind.Mapping,
        ["metrics:listen"] = ConfigNodeKind.Sequence,
        ["metrics:listen:*"] = ConfigNodeKind.Scalar,
        ["metrics:per-queue"] = ConfigNodeKind.Scalar,
        ["api"] = ConfigNodeKind.Mapping,
        ["api:socket"] = ConfigNodeKind.Scalar,
        ["api:socket-group"] = ConfigNodeKind.Scalar,
        ["api:listen"] = ConfigNodeKind.Sequence,
        ["api:listen:*"] = ConfigNodeKind.Scalar,
        ["api:tls"] = ConfigNodeKind.Mapping,
        ["api:tls:certificate"] = ConfigNodeKind.Scalar,
        ["api:tls:key"] = ConfigNodeKind.Scalar,
        ["api:tls:client-ca"] = ConfigNodeKind.Scalar,
        ["api:allow"] = ConfigNodeKind.Sequence,
        ["api:allow:*"] = ConfigNodeKind.Scalar,
        ["api:insecure"] = ConfigNodeKind.Scalar,
        ["api:events-buffer"] = ConfigNodeKind.Scalar,
        ["adaptive"] = ConfigNodeKind.Mapping,
        ["adaptive:rings"] = ConfigNodeKind.Scalar,
        ["adaptive:window"] = ConfigNodeKind.Scalar,
        ["adaptive:cooldown"] = ConfigNodeKind.Scalar,
        ["adaptive:threshold"] = ConfigNodeKind.Mapping,
        ["adaptive:threshold:drops-per-second"] = ConfigNodeKind.Scalar,
        ["adaptive:threshold:fraction"] = ConfigNodeKind.Scalar,
        ["adaptive:allow-link-reset"] = ConfigNodeKind.Scalar,
        ["adaptive:changes-per-hour"] = ConfigNodeKind.Scalar,
        ["guard"] = ConfigNodeKind.Mapping,
        ["guard:link"] = ConfigNodeKind.Scalar,
        ["guard:link-timeout"] = ConfigNodeKind.Scalar,
        ["guard:probe"] = ConfigNodeKind.Sequence,
        ["guard:probe:*"] = ConfigNodeKind.Scalar,
        ["guard:probe-timeout"] = ConfigNodeKind.Scalar,
        ["guard:counters-window"] = ConfigNodeKind.Scalar,
    };
}

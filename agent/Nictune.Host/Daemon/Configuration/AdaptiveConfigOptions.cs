using Microsoft.Extensions.Configuration;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>The <c>adaptive:</c> section as bound from YAML (strings; checked by <see cref="AdaptiveSettingsValidator"/>).</summary>
public sealed class AdaptiveConfigOptions
{
    /// <summary><c>off</c>, <c>suggest</c> (the default) or <c>apply</c>.</summary>
    public string? Rings { get; set; } = "suggest";

    /// <summary>How long drops must be sustained: a duration (<c>5m</c>).</summary>
    public string? Window { get; set; } = "5m";

    /// <summary>At most one change or suggestion per device in this time (<c>1h</c>).</summary>
    public string? Cooldown { get; set; } = "1h";

    public AdaptiveThresholdOptions Threshold { get; set; } = new();

    /// <summary><c>true</c> lets apply change rings on drivers that reset the link to do it.</summary>
    [ConfigurationKeyName("allow-link-reset")]
    public string? AllowLinkReset { get; set; } = "false";

    /// <summary>Adaptive changes on all interfaces together in any hour.</summary>
    [ConfigurationKeyName("changes-per-hour")]
    public string? ChangesPerHour { get; set; } = "4";
}

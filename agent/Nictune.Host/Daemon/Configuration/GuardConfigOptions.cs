using Microsoft.Extensions.Configuration;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>The <c>guard:</c> section as bound from YAML (strings; checked by <see cref="GuardSettingsValidator"/>; docs/guard.md).</summary>
public sealed class GuardConfigOptions
{
    /// <summary><c>true</c> (the default): a changed interface whose carrier was up must have it back.</summary>
    public string? Link { get; set; } = "true";

    /// <summary>How long the carrier may take to come back (<c>10s</c>).</summary>
    [ConfigurationKeyName("link-timeout")]
    public string? LinkTimeout { get; set; } = "10s";

    /// <summary>Probes: <c>gateway</c> (the default gateway's neighbour entry) and TCP connects, <c>HOST:PORT</c> with an IP address; none by default.</summary>
    public List<string> Probe { get; set; } = [];

    /// <summary>How long each probe may take to succeed again (<c>5s</c>).</summary>
    [ConfigurationKeyName("probe-timeout")]
    public string? ProbeTimeout { get; set; } = "5s";

    /// <summary><c>off</c> (the default) or a duration: the window rx packets are watched before and after a change.</summary>
    [ConfigurationKeyName("counters-window")]
    public string? CountersWindow { get; set; } = "off";
}

using Microsoft.Extensions.Configuration;

namespace Nictune.Host.Daemon.Configuration;

/// <summary><c>adaptive.threshold</c>: both must be exceeded.</summary>
public sealed class AdaptiveThresholdOptions
{
    /// <summary>Ring-exhaustion drops per second, sustained.</summary>
    [ConfigurationKeyName("drops-per-second")]
    public string? DropsPerSecond { get; set; } = "10";

    /// <summary>Drops as a fraction of the packets that arrived (0..1).</summary>
    public string? Fraction { get; set; } = "0.0001";
}

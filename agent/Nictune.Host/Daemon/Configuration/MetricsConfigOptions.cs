namespace Nictune.Host.Daemon.Configuration;

/// <summary>The <c>metrics:</c> section: the Prometheus endpoint.</summary>
public sealed class MetricsConfigOptions
{
    /// <summary>
    /// <c>ADDRESS:PORT</c> endpoints to serve <c>GET /metrics</c> on (IPv6 as <c>[::]:PORT</c>). Null (the key absent)
    /// means the default; an empty list turns the endpoint off.
    /// </summary>
    public List<string>? Listen { get; set; }

    /// <summary><c>true</c> adds the per-queue driver counter families (<c>nictune_queue_*</c>).</summary>
    [Microsoft.Extensions.Configuration.ConfigurationKeyName("per-queue")]
    public string? PerQueue { get; set; } = "false";
}

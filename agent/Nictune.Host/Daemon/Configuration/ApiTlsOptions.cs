using Microsoft.Extensions.Configuration;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>The <c>api.tls:</c> section: PEM files for the TCP listener (mutual TLS).</summary>
public sealed class ApiTlsOptions
{
    /// <summary>The agent's certificate (PEM).</summary>
    public string? Certificate { get; set; }

    /// <summary>Its private key (PEM).</summary>
    public string? Key { get; set; }

    /// <summary>The CA (PEM, one or more certificates) that client certificates must chain to.</summary>
    [ConfigurationKeyName("client-ca")]
    public string? ClientCa { get; set; }
}

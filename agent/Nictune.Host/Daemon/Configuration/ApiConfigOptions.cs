using Microsoft.Extensions.Configuration;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>
/// The <c>api:</c> section: where the gRPC control API listens and who may change things through it. Values stay
/// strings, like the rest of <see cref="AgentOptions"/>; <see cref="ApiSettingsValidator"/> checks them.
/// </summary>
public sealed class ApiConfigOptions
{
    public const string DefaultSocket = "/run/nictune/nictune.sock";
    public const string DefaultSocketGroup = "nictune";
    public const int DefaultEventsBuffer = 1024;

    /// <summary>The Unix socket; an empty string turns it off.</summary>
    public string? Socket { get; set; } = DefaultSocket;

    /// <summary>Members of this group may call mutating methods on the socket, besides uid 0.</summary>
    [ConfigurationKeyName("socket-group")]
    public string? SocketGroup { get; set; } = DefaultSocketGroup;

    /// <summary>TCP endpoints (<c>address:port</c>) for remote clients; TLS with client certificates is required.</summary>
    public List<string> Listen { get; set; } = [];

    public ApiTlsOptions Tls { get; set; } = new();

    /// <summary>Client certificate subjects that may call mutating methods over TCP.</summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>Plaintext TCP (no TLS): only when set explicitly; a warning is logged at every start.</summary>
    public string? Insecure { get; set; } = "false";

    /// <summary>How many events the ring keeps for <c>WatchEvents(since)</c>.</summary>
    [ConfigurationKeyName("events-buffer")]
    public string? EventsBuffer { get; set; } = "1024";
}

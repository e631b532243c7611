using System.Net;

namespace Nictune.Host.Daemon.Configuration;

/// <summary>The validated <c>api:</c> section.</summary>
/// <param name="Socket">The Unix socket path, or null when turned off.</param>
/// <param name="Listen">TCP endpoints; empty when there is no TCP listener.</param>
/// <param name="TlsCertificate">PEM paths; set whenever <paramref name="Listen"/> is not empty and not <paramref name="Insecure"/>.</param>
public sealed record ApiSettings(
    string? Socket,
    string SocketGroup,
    IReadOnlyList<IPEndPoint> Listen,
    string? TlsCertificate,
    string? TlsKey,
    string? TlsClientCa,
    IReadOnlySet<string> Allow,
    bool Insecure,
    int EventsBuffer)
{
    public const int MinEventsBuffer = 16;
    public const int MaxEventsBuffer = 1 << 20;

    public static ApiSettings Default { get; } = new(
        ApiConfigOptions.DefaultSocket, ApiConfigOptions.DefaultSocketGroup, [], null, null, null, new HashSet<string>(StringComparer.Ordinal), Insecure: false, ApiConfigOptions.DefaultEventsBuffer);
}

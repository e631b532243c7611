using System.Net;
using System.Security.Cryptography.X509Certificates;
using Nictune.Core.Profiles;

namespace Nictune.Protocol.Api;

/// <summary>Where and how the API listens; the host builds it from the validated <c>api:</c> keys of agent.yaml.</summary>
public sealed record ApiListenerOptions
{
    /// <summary>The Unix socket's path; null turns the local socket off.</summary>
    public string? SocketPath { get; init; }

    /// <summary>TCP endpoints (<c>api.listen</c>); empty: no TCP listener.</summary>
    public IReadOnlyList<IPEndPoint> TcpEndpoints { get; init; } = [];

    /// <summary>The server certificate with its key; required for TCP unless <see cref="Insecure"/>.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>The CA whose certificates clients must present (mutual TLS).</summary>
    public X509Certificate2Collection? ClientCertificateAuthorities { get; init; }

    /// <summary>Plaintext TCP (h2c): only when <c>api.insecure: true</c> is set explicitly.</summary>
    public bool Insecure { get; init; }

    /// <summary>
    /// The largest request accepted: a profile's largest text (<see cref="ProfileParser.MaxTextLength"/>) and 16 KiB
    /// for the rest of the message. grpc-dotnet holds a request whole before the method runs, so this bounds what
    /// each call may make the agent hold (<see cref="ConnectionLimits.StreamsPerConnection"/>).
    /// </summary>
    public int MaxReceiveMessageSize { get; init; } = ProfileParser.MaxTextLength + (16 << 10);

    /// <summary>How many events the ring keeps for WatchEvents(since).</summary>
    public int EventsBuffer { get; init; } = 1024;
}

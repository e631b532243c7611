using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Polly;
using Polly.Retry;

namespace Nictune.Protocol.Api.Client;

/// <summary>
/// One gRPC channel to one agent (Grpc.Net.Client over SocketsHttpHandler). For a Unix socket the handler's
/// ConnectCallback opens the socket and the address is <c>http://localhost</c>, so <c>:authority</c> is
/// <c>localhost</c> (Kestrel refuses a percent-encoded socket path there, which is what grpcio ≥ 1.57 sends).
/// Connecting is retried with Polly, within a bounded budget, for an agent that is starting or restarting.
/// </summary>
public sealed class AgentConnection : IDisposable
{
    /// <summary>How long connecting may take in all, retries included.</summary>
    public static readonly TimeSpan ConnectBudget = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the TLS handshake may take after the socket connected. SocketsHttpHandler's ConnectTimeout covers
    /// the connect callback and the handshake together, so a loaded agent's slow handshake must not eat the connect's
    /// budget; the agent itself allows a client 5 s for its handshake (README, "Limits").
    /// </summary>
    public static readonly TimeSpan HandshakeBudget = TimeSpan.FromSeconds(10);

    private readonly GrpcChannel _channel;
    private readonly X509Certificate2? _clientCertificate;

    private AgentConnection(AgentTarget target, GrpcChannel channel, X509Certificate2? clientCertificate)
    {
        Target = target;
        _channel = channel;
        _clientCertificate = clientCertificate;
        Client = new V1.Agent.AgentClient(channel);
    }

    public AgentTarget Target { get; }

    public V1.Agent.AgentClient Client { get; }

    /// <param name="retryConnect">Retry a refused or missing socket within <see cref="ConnectBudget"/>; off to probe whether an agent runs.</param>
    public static AgentConnection Open(AgentTarget target, bool retryConnect = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        var pipeline = retryConnect ? ConnectRetry() : ResiliencePipeline.Empty;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectBudget + HandshakeBudget,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = false,
        };
        X509Certificate2? certificate = null;
        Uri address;
        if (target.SocketPath is { } socketPath)
        {
            var endpoint = new UnixDomainSocketEndPoint(socketPath);
            handler.ConnectCallback = async (_, cancellationToken) =>
                await pipeline.ExecuteAsync(static async (state, token) => await ConnectUnixAsync(state, token).ConfigureAwait(false), endpoint, cancellationToken).ConfigureAwait(false);
            address = new Uri("http://localhost");
        }
        else
        {
            address = target.Address!;
            handler.ConnectCallback = async (context, cancellationToken) =>
                await pipeline.ExecuteAsync(static async (state, token) => await ConnectTcpAsync(state, token).ConfigureAwait(false), context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            if (address.Scheme == "https")
            {
                certificate = X509Certificate2.CreateFromPemFile(target.CertificateFile!, target.KeyFile);
                var authorities = new X509Certificate2Collection();
                authorities.ImportFromPemFile(target.CaFile!);
                // The agent's certificate must chain to --ca alone: the system's trust store plays no part.
                var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
                policy.CustomTrustStore.AddRange(authorities);
                handler.SslOptions = new SslClientAuthenticationOptions
                {
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificates = [certificate],
                    CertificateChainPolicy = policy,
                };
            }
        }

        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 16 << 20,
        });
        return new AgentConnection(target, channel, certificate);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _clientCertificate?.Dispose();
    }

    /// <summary>A socket that is missing or refuses (an agent starting, or restarting) is tried again, briefly.</summary>
    private static ResiliencePipeline ConnectRetry() => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<SocketException>(e => e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable or SocketError.TryAgain),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .AddTimeout(ConnectBudget)
        .Build();

    private static async ValueTask<Stream> ConnectUnixAsync(UnixDomainSocketEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async ValueTask<Stream> ConnectTcpAsync(System.Net.DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Nictune.Protocol.Api;

/// <summary>
/// The one place the agent's Kestrel endpoints are set up, on the sockets <see cref="ApiSockets.Bind"/> made. gRPC
/// endpoints speak HTTP/2 only (cleartext Http1AndHttp2 would give no h2c). The Unix socket reads each connection's
/// peer credentials; TCP requires TLS 1.2+ and a client certificate that chains to <c>api.tls.client-ca</c>, unless
/// <c>api.insecure: true</c>.
/// </summary>
public static class ApiListeners
{
    public static void Configure(KestrelServerOptions kestrel, ApiListenerOptions options, ApiSockets sockets, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sockets);
        kestrel.AddServerHeader = false;
        kestrel.Limits.Http2.MaxStreamsPerConnection = 100;
        sockets.Unix?.AdoptInto(kestrel, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.Use(ConnectionIdentity.ReadPeerCredentials(logger));
        });

        foreach (var socket in sockets.Tcp)
        {
            socket.AdoptInto(kestrel, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (options.Insecure)
                {
                    ApiLog.Insecure(logger, socket.Name);
                    return;
                }

                listen.UseHttps(Https(options));
            });
        }
    }

    /// <summary>What the agent listens on, for the log.</summary>
    public static IEnumerable<string> Describe(ApiListenerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SocketPath is { } socket)
        {
            yield return "unix:" + socket;
        }

        foreach (var endpoint in options.TcpEndpoints)
        {
            yield return (options.Insecure ? "http://" : "https://") + endpoint;
        }
    }

    private static HttpsConnectionAdapterOptions Https(ApiListenerOptions options)
    {
        var authorities = options.ClientCertificateAuthorities ?? throw new InvalidOperationException("TLS without api.tls.client-ca");
        return new HttpsConnectionAdapterOptions
        {
            ServerCertificate = options.ServerCertificate ?? throw new InvalidOperationException("TLS without api.tls.certificate"),
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            CheckCertificateRevocation = false,
            ClientCertificateValidation = (certificate, _, _) => ChainsTo(certificate, authorities),
        };
    }

    /// <summary>
    /// The client certificate must chain to one of the configured CAs, and only to them: the system's trust store
    /// plays no part (a certificate from a public CA is no credential here). Refused certificates fail the handshake.
    /// </summary>
    internal static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate);
    }
}

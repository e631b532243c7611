using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Nictune.Protocol.Api;

/// <summary>
/// The one place the agent's Kestrel endpoints are set up, on the sockets <see cref="ApiSockets.Bind"/> made. gRPC
/// endpoints speak HTTP/2 only (cleartext Http1AndHttp2 would give no h2c). The Unix socket reads each connection's
/// peer credentials; TCP requires TLS 1.2+ and a client certificate for TLS clients that chains to
/// <c>api.tls.client-ca</c> (<see cref="ClientChainPolicy"/>), unless <c>api.insecure: true</c>. Every listener has a
/// connection cap (<see cref="ConnectionCap"/>).
/// </summary>
public static class ApiListeners
{
    /// <summary>The clientAuth extended key usage (RFC 5280 §4.2.1.12, id-kp-clientAuth).</summary>
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// Sets up the API's listeners, each with its connection cap (<see cref="ConnectionLimits"/>); on the Unix socket
    /// the callers <paramref name="policy"/> lets mutate may use the socket's reserve beyond it.
    /// </summary>
    public static void Configure(KestrelServerOptions kestrel, ApiListenerOptions options, ApiSockets sockets, ApiAccessPolicy policy, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sockets);
        ArgumentNullException.ThrowIfNull(policy);
        kestrel.AddServerHeader = false;
        if (sockets.Unix is { } unix)
        {
            var cap = new ConnectionCap(unix.Name, ConnectionLimits.UnixSocket, ConnectionLimits.UnixSocketPrivileged, MayMutate, logger);
            unix.AdoptInto(kestrel, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(ConnectionIdentity.ReadPeerCredentials(logger));
                listen.Use(cap.Middleware);
            });
        }

        foreach (var socket in sockets.Tcp)
        {
            socket.AdoptInto(kestrel, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;

                // Before TLS: a handshake in progress holds a descriptor too.
                listen.Use(new ConnectionCap(socket.Name, ConnectionLimits.TcpPort, reserve: 0, mayUseReserve: null, logger).Middleware);
                if (options.Insecure)
                {
                    ApiLog.Insecure(logger, socket.Name);
                    return;
                }

                listen.UseHttps(Https(options));
            });
        }

        bool MayMutate(Microsoft.AspNetCore.Connections.ConnectionContext connection) =>
            ConnectionIdentity.Of(connection) is { } caller && policy.Deny(caller) is null;
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
        var policy = ClientChainPolicy(options.ClientCertificateAuthorities ?? throw new InvalidOperationException("TLS without api.tls.client-ca"));
        return new HttpsConnectionAdapterOptions
        {
            ServerCertificate = options.ServerCertificate ?? throw new InvalidOperationException("TLS without api.tls.certificate"),
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            CheckCertificateRevocation = false,
            HandshakeTimeout = ConnectionLimits.HandshakeTimeout,

            // SslStream builds the client's chain itself, before any callback runs, and by default with the system's
            // trust, certificate downloads on (the AIA URL the client's certificate names) and the clientAuth usage
            // required. Given this policy instead, the one chain it builds is the only one, and the callback only
            // reads its verdict.
            OnAuthenticate = (_, ssl) => ssl.CertificateChainPolicy = policy.Clone(),
            ClientCertificateValidation = (_, _, errors) => errors == SslPolicyErrors.None,
        };
    }

    /// <summary>
    /// What a client certificate must be (README, "The control API"): it chains to one of the configured CAs, and
    /// only to them (the system's trust store plays no part: a certificate from a public CA is no credential here),
    /// and it is meant for a TLS client (the clientAuth extended key usage). Nothing is fetched while the chain is
    /// built: the issuer URL (AIA) in a certificate not yet authenticated is the client's choice, and the
    /// configured CAs are all the chain may use. Revocation is not checked: a CRL or OCSP check is a fetch too, at
    /// the URL the certificate names, and the client CA is the operator's own, whose remedy for a lost key is
    /// reissuing the CA or removing the subject from <c>api.allow</c>. A refused certificate fails the handshake.
    /// </summary>
    internal static X509ChainPolicy ClientChainPolicy(X509Certificate2Collection authorities)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            DisableCertificateDownloads = true,
            RevocationMode = X509RevocationMode.NoCheck,
            VerificationFlags = X509VerificationFlags.NoFlag,
        };
        policy.CustomTrustStore.AddRange(authorities);
        policy.ApplicationPolicy.Add(new Oid(ClientAuthentication));
        return policy;
    }
}

#if FLOOR_TLS
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Nictune.Bench.Floor;

/// <summary>
/// floor-tls's mutual-TLS TCP listener, set up as agent/Nictune.Protocol/Api/ApiListeners.cs sets up the API's: HTTP/2,
/// TLS 1.2 or 1.3, a client certificate required and chained to the configured CA alone, nothing fetched. Only when
/// FLOOR_TLS_PORT, FLOOR_TLS_CERT, FLOOR_TLS_KEY and FLOOR_TLS_CA are set, which bench/floor.sh does not do (as the
/// benchmark's nictune has no TLS port): the code is in the binary, as in the daemon, and not run.
/// </summary>
internal static class FloorTls
{
    public static void ListenIfConfigured(KestrelServerOptions kestrel)
    {
        if (Environment.GetEnvironmentVariable("FLOOR_TLS_PORT") is not { } port
            || Environment.GetEnvironmentVariable("FLOOR_TLS_CERT") is not { } cert
            || Environment.GetEnvironmentVariable("FLOOR_TLS_KEY") is not { } key
            || Environment.GetEnvironmentVariable("FLOOR_TLS_CA") is not { } ca)
        {
            return;
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            DisableCertificateDownloads = true,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(ca));
        policy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = X509Certificate2.CreateFromPemFile(cert, key),
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            CheckCertificateRevocation = false,
            OnAuthenticate = (_, ssl) => ssl.CertificateChainPolicy = policy.Clone(),
            ClientCertificateValidation = (_, _, errors) => errors == SslPolicyErrors.None,
        };
        kestrel.Listen(IPAddress.Loopback, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https);
        });
    }
}
#endif

using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nictune.Host.Daemon.Configuration;
using Nictune.Host.Daemon.Status;
using Nictune.Host.Daemon.Web;
using Nictune.Linux.IO;
using Nictune.Linux.Profiles;
using Nictune.Linux.Users;
using Nictune.Protocol.Api;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Daemon.Api;

/// <summary>
/// Adds the gRPC control API to the daemon when <c>api.socket</c> or <c>api.listen</c> asks for a listener. Only
/// <c>nictune run</c> calls this (not every host the daemon's tests build).
/// </summary>
internal static class ApiComposition
{
    public static IServiceCollection AddNictuneApi(this IServiceCollection services, ApiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Socket is null && settings.Listen.Count == 0)
        {
            return services;
        }

        // Served by the daemon's one web server (Daemon/Web/DaemonWebServer), beside /metrics.
        services.AddSingleton(provider => new ApiHosting(
            Listeners(settings),
            new Lazy<ApiServing>(() => new ApiServing(
                Policy(settings, provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiComposition))),
                new AgentBackend(provider.GetRequiredService<IAgentControl>(), provider.GetRequiredService<AgentSettingsSource>(), provider.GetRequiredService<ProfileCatalog>(), SystemRoot.Live, provider.GetRequiredService<AgentStatusBoard>().BootTuned),
                provider.GetService<ApiCallMetrics>()))));
        return services;
    }

    /// <summary>The certificates were loaded once already by the configuration check: a failure here is unexpected.</summary>
    private static ApiListenerOptions Listeners(ApiSettings settings)
    {
        X509Certificate2? certificate = null;
        X509Certificate2Collection? authorities = null;
        if (settings.TlsCertificate is { } cert)
        {
            certificate = X509Certificate2.CreateFromPemFile(cert, settings.TlsKey);
            authorities = [];
            authorities.ImportFromPemFile(settings.TlsClientCa!);
        }

        return new ApiListenerOptions
        {
            SocketPath = settings.Socket,
            TcpEndpoints = settings.Listen,
            ServerCertificate = certificate,
            ClientCertificateAuthorities = authorities,
            Insecure = settings.Insecure,
            EventsBuffer = settings.EventsBuffer,
        };
    }

    private static ApiAccessPolicy Policy(ApiSettings settings, ILogger logger)
    {
        var gid = GroupDatabase.FindGid(settings.SocketGroup);
        if (gid is null && settings.Socket is not null)
        {
            ApiLog.NoSuchGroup(logger, settings.SocketGroup);
        }

        return new ApiAccessPolicy(settings.SocketGroup, gid, settings.Allow) { IsInsecureAllowed = settings.Insecure };
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Nictune.Protocol.Api;

/// <summary>
/// Something else the agent serves on the same Kestrel host as the API (the Prometheus /metrics endpoint, on an
/// HTTP/1 listener of its own). Registered in the daemon's container; <see cref="ApiServer"/> applies every one.
/// </summary>
public interface IApiServerExtension
{
    void ConfigureServices(IServiceCollection services);

    void ConfigureKestrel(KestrelServerOptions kestrel);

    void Map(WebApplication app);
}

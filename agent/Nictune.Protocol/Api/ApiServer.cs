using Grpc.Health.V1;
using Grpc.HealthCheck;
using Grpc.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nictune.Protocol.Api.V1;
using Nictune.Protocol.Metrics;

namespace Nictune.Protocol.Api;

/// <summary>
/// Builds the agent's Kestrel host: <c>nictune.v1.Agent</c>, <c>grpc.health.v1.Health</c> and server reflection
/// (v1 and v1alpha) from explicit descriptors (Grpc.Reflection's services: AOT-safe, unlike the automatic discovery
/// of Grpc.AspNetCore.Server.Reflection). The smallest ASP.NET Core host there is: no configuration sources, no
/// IIS, no HTTPS redirection; the daemon's logger factory, so the daemon's log filters apply.
/// </summary>
public static class ApiServer
{
    /// <summary>Health's name for the whole server.</summary>
    public const string WholeServer = "";

    public static WebApplication Build(
        ApiListenerOptions options,
        ApiAccessPolicy policy,
        IAgentBackend backend,
        ILoggerFactory loggerFactory,
        ApiCallMetrics? callMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "nictune" });
        var logger = loggerFactory.CreateLogger(typeof(ApiServer));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => ApiListeners.Configure(kestrel, options, logger));

        var services = builder.Services;
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddRoutingCore();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            grpc.EnableDetailedErrors = false;
            if (callMetrics is not null)
            {
                // Outermost: it counts the status the client gets (docs/metrics.md, nictune_grpc_calls_total).
                grpc.Interceptors.Add<ApiCallMetricsInterceptor>();
            }

            grpc.Interceptors.Add<CallLogInterceptor>();
            grpc.Interceptors.Add<AuthorizationInterceptor>();
            grpc.Interceptors.Add<ErrorInterceptor>();
        });
        if (callMetrics is not null)
        {
            services.AddSingleton(callMetrics);
        }

        services.AddSingleton(policy);
        services.AddSingleton(backend);
        services.AddSingleton(new HealthServiceImpl());
        services.AddSingleton(new ReflectionServiceImpl(Agent.Descriptor, Health.Descriptor));
        services.AddSingleton(new ReflectionV1ServiceImpl(Agent.Descriptor, Health.Descriptor));
        var app = builder.Build();
        app.MapGrpcService<AgentApiService>();
        app.MapGrpcService<HealthServiceImpl>();
        app.MapGrpcService<ReflectionServiceImpl>();
        app.MapGrpcService<ReflectionV1ServiceImpl>();
        var health = app.Services.GetRequiredService<HealthServiceImpl>();
        SetHealth(health, HealthCheckResponse.Types.ServingStatus.NotServing);
        return app;
    }

    /// <summary>SERVING once the boot tune is done; NOT_SERVING before that and when stopping.</summary>
    public static void SetHealth(HealthServiceImpl health, HealthCheckResponse.Types.ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(health);
        health.SetStatus(WholeServer, status);
        health.SetStatus(Agent.Descriptor.FullName, status);
    }
}

using Grpc.Health.V1;
using Grpc.HealthCheck;
using Grpc.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nictune.Protocol.Api.V1;
using Nictune.Protocol.Metrics;

namespace Nictune.Protocol.Api;

/// <summary>
/// The agent's gRPC services on an ASP.NET Core host: <c>nictune.v1.Agent</c>, <c>grpc.health.v1.Health</c> and
/// server reflection (v1 and v1alpha) from explicit descriptors (Grpc.Reflection's services: AOT-safe, unlike the
/// automatic discovery of Grpc.AspNetCore.Server.Reflection). The host builds the one Kestrel server the daemon runs
/// (the API's listeners and the metrics' listeners) and calls <see cref="AddServices"/> before it builds the
/// application, <see cref="UseRouting"/> and <see cref="Map"/> after; <see cref="ApiListeners"/> sets up the API's
/// endpoints.
/// </summary>
public static class ApiServer
{
    /// <summary>Health's name for the whole server.</summary>
    public const string WholeServer = "";

    /// <summary>
    /// Health's name for the agent's service: its full name in proto/nictune/v1/agent.proto (a constant, so that health
    /// needs no descriptors built; a test checks it against <c>Agent.Descriptor.FullName</c>).
    /// </summary>
    public const string AgentService = "nictune.v1.Agent";

    /// <summary>Registers gRPC, its interceptors and the services' dependencies in the web host's container.</summary>
    public static void AddServices(
        IServiceCollection services,
        ApiListenerOptions options,
        ApiAccessPolicy policy,
        IAgentBackend backend,
        ApiCallMetrics? callMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
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
        services.AddSingleton(_ => MethodAccess.Served);
        services.AddSingleton(backend);
        services.AddSingleton(new HealthServiceImpl());

        // Made at the first reflection call, as the access table (MethodAccess.Served) is at the first call of any
        // method: nothing builds agent.proto's descriptors before a client asks for something.
        services.AddSingleton(_ => new ReflectionServiceImpl(Agent.Descriptor, Health.Descriptor));
        services.AddSingleton(_ => new ReflectionV1ServiceImpl(Agent.Descriptor, Health.Descriptor));
    }

    /// <summary>
    /// Routing, then the middleware that runs between routing and the endpoints: <see cref="ApiPathGate"/> (a call
    /// reaches a method only by its exact path) and <see cref="UnparsableRequests"/> (the log of requests that are
    /// not their message).
    /// </summary>
    public static void UseRouting(IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiServer));
        app.UseRouting();
        app.Use(ApiPathGate.Create(logger, app.ApplicationServices.GetService<ApiCallMetrics>()));
        app.Use(UnparsableRequests.Create(logger));
    }

    /// <summary>Maps the services (health NOT_SERVING until told otherwise) and returns the health service.</summary>
    public static HealthServiceImpl Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<AgentApiService>();
        endpoints.MapGrpcService<HealthServiceImpl>();
        endpoints.MapGrpcService<ReflectionServiceImpl>();
        endpoints.MapGrpcService<ReflectionV1ServiceImpl>();
        var health = endpoints.ServiceProvider.GetRequiredService<HealthServiceImpl>();
        SetHealth(health, HealthCheckResponse.Types.ServingStatus.NotServing);
        return health;
    }
    /// <summary>SERVING once the boot tune is done; NOT_SERVING before that and when stopping.</summary>
    public static void SetHealth(HealthServiceImpl health, HealthCheckResponse.Types.ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(health);
        health.SetStatus(WholeServer, status);
        health.SetStatus(AgentService, status);
    }
}

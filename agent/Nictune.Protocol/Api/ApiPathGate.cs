using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Nictune.Core.Tuning;
using Nictune.Protocol.Metrics;

namespace Nictune.Protocol.Api;

/// <summary>
/// Middleware between routing and the gRPC endpoints: a request reaches a method only by that method's exact path.
/// One that was routed to no method (grpc-dotnet's endpoints for an unknown method or service), or to a method by
/// another spelling (another case, a trailing slash, an escape), is answered HTTP 404 here, before any interceptor or
/// the method runs, and counted as <c>method="unknown"</c>. Every gRPC client reads a 404 as UNIMPLEMENTED (gRPC's
/// doc/http-grpc-status-mapping.md), so the gRPC framing stays grpc-dotnet's alone; no client spelling ever becomes a log field or a metric label. Access is decided on the
/// resolved method all the same (<see cref="ApiMethod"/>): this is the second wall, not the only one.
/// </summary>
internal static class ApiPathGate
{
    public static Func<RequestDelegate, RequestDelegate> Create(ILogger logger, ApiCallMetrics? metrics) => next => context =>
    {
        // No route at all (not a gRPC path, such as /metrics on the API socket): routing's 404, which no interceptor sees.
        if (context.GetEndpoint() is null || (ApiMethod.Resolved(context) is { } method && ApiMethod.IsCanonical(context, method)))
        {
            return next(context);
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            ApiLog.NoSuchPath(logger, SettingValueText.Truncate(context.Request.Path.Value), ConnectionIdentity.Of(context).ToString());
        }

        metrics?.Completed(ApiMethod.Unknown, StatusCode.Unimplemented);

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    };
}

using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Nictune.Core.Tuning;
using Nictune.Protocol.Metrics;

namespace Nictune.Protocol.Api;

/// <summary>
/// Middleware between routing and the gRPC endpoints: a request reaches a method only by that method's exact path.
/// One that was routed to no method (grpc-dotnet's endpoints for an unknown method or service), or to a method by
/// another spelling (another case, a trailing slash, an escape), is answered UNIMPLEMENTED here, before any interceptor or the method runs, and counted as
/// <c>method="unknown"</c>; no client spelling ever becomes a log field or a metric label. Access is decided on the
/// resolved method all the same (<see cref="ApiMethod"/>): this is the second wall, not the only one.
/// </summary>
internal static class ApiPathGate
{
    private static readonly string Unimplemented = ((int)StatusCode.Unimplemented).ToString(CultureInfo.InvariantCulture);

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

        // A trailers-only response (gRPC over HTTP/2): the status in the one HEADERS frame, no message.
        var response = context.Response;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = Unimplemented;
        response.Headers["grpc-message"] = "no such method: a method is called by its exact path, such as /nictune.v1.Agent/GetStatus (paths are case-sensitive)";
        return Task.CompletedTask;
    };
}

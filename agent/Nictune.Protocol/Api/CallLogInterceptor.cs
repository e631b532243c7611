using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Nictune.Protocol.Api;

/// <summary>
/// Every call at Debug (method, caller, status, time), and every call of a mutating method in the audit log at
/// Information: one line per call, allowed or refused, naming the method routing resolved (<see cref="ApiMethod"/>),
/// the caller, what it asked for and how it ended. Kestrel's own per-request logs are turned down (a log line per
/// request at Information costs most of the server's throughput).
/// </summary>
public sealed class CallLogInterceptor(ILogger<CallLogInterceptor> logger, MethodAccess methods) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Log(context, request, AuditText.Result(response), StatusCode.OK, clock);
            return response;
        }
        catch (Exception e)
        {
            Log(context, request, AuditText.Failure(e), CodeOf(e), clock);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            Log(context, request, "OK", StatusCode.OK, clock);
        }
        catch (Exception e)
        {
            Log(context, request, AuditText.Failure(e), CodeOf(e), clock);
            throw;
        }
    }

    /// <summary>What the client gets for an exception that leaves the interceptors below (all but cancellation are statuses by then).</summary>
    private static StatusCode CodeOf(Exception e) => e switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException => StatusCode.Cancelled,
        _ => StatusCode.Unknown,
    };

    private void Log(ServerCallContext context, object? request, string result, StatusCode status, Stopwatch clock)
    {
        var method = ApiMethod.Of(context);
        if (methods.IsMutating(method))
        {
            ApiLog.Audit(logger, method, ConnectionIdentity.Of(context.GetHttpContext()).ToString(), AuditText.Request(request), result);
        }
        else if (logger.IsEnabled(LogLevel.Debug))
        {
            ApiLog.Call(logger, method, ConnectionIdentity.Of(context.GetHttpContext()).ToString(), status.ToString(), clock.ElapsedMilliseconds);
        }
    }
}

using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Nictune.Protocol.Api;

/// <summary>
/// The outermost interceptor: every call at Debug (method, caller, status, time), and every mutating call in the
/// audit log at Information, with who made it, what it asked for and how it ended. Kestrel's own per-request logs
/// are turned down (a log line per request at Information costs most of the server's throughput).
/// </summary>
public sealed class CallLogInterceptor(ILogger<CallLogInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        var mutating = ApiAccessPolicy.IsMutating(context.Method);
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Log(context, mutating, request, AuditText.Result(response), "OK", clock);
            return response;
        }
        catch (RpcException e)
        {
            Log(context, mutating, request, $"{e.StatusCode}: {FirstLine(e.Status.Detail)}", e.StatusCode.ToString(), clock);
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
            Log(context, mutating: false, request, "OK", "OK", clock);
        }
        catch (RpcException e)
        {
            Log(context, mutating: false, request, e.StatusCode.ToString(), e.StatusCode.ToString(), clock);
            throw;
        }
    }

    private void Log(ServerCallContext context, bool mutating, object? request, string result, string status, Stopwatch clock)
    {
        if (mutating)
        {
            var caller = ConnectionIdentity.Of(context.GetHttpContext()).ToString();
            ApiLog.Audit(logger, context.Method, caller, AuditText.Request(request), result);
        }
        else if (logger.IsEnabled(LogLevel.Debug))
        {
            ApiLog.Call(logger, context.Method, ConnectionIdentity.Of(context.GetHttpContext()).ToString(), status, clock.ElapsedMilliseconds);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0];
}

using Grpc.Core;
using Grpc.Core.Interceptors;
using Nictune.Protocol.Api;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// Counts every API call by the method routing resolved (<see cref="ApiMethod"/>, never the request's spelling of
/// the path, so no client can add a series) and final status. Added first, so it is outermost and sees the status the
/// client gets, after the error interceptor has mapped exceptions. An exception that is not an
/// <see cref="RpcException"/> reaches the client as UNKNOWN, so it counts as that.
/// </summary>
public sealed class ApiCallMetricsInterceptor(ApiCallMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            metrics.Completed(ApiMethod.Of(context), context.Status.StatusCode);
            return response;
        }
        catch (RpcException e)
        {
            metrics.Completed(ApiMethod.Of(context), e.StatusCode);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.Completed(ApiMethod.Of(context), StatusCode.Unknown);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            metrics.Completed(ApiMethod.Of(context), context.Status.StatusCode);
        }
        catch (RpcException e)
        {
            metrics.Completed(ApiMethod.Of(context), e.StatusCode);
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away (a Watch ended by the caller): it sees CANCELLED.
            metrics.Completed(ApiMethod.Of(context), StatusCode.Cancelled);
            throw;
        }
        catch (Exception)
        {
            metrics.Completed(ApiMethod.Of(context), StatusCode.Unknown);
            throw;
        }
    }
}

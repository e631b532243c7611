using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Nictune.Core.Profiles;

namespace Nictune.Protocol.Api;

/// <summary>
/// Turns the backend's failures into statuses with structured details (<see cref="ApiErrors"/>). Only the failures
/// the API defines reach the wire with their message: an invalid profile (<see cref="ProfileException"/>) is
/// INVALID_ARGUMENT listing its problems, an <see cref="ApiException"/> keeps its code, an <see cref="RpcException"/>
/// is already a status. Anything else is INTERNAL with a short correlation id and nothing of the exception (its
/// message may carry a file's content); the exception is logged once, in a line with the same id.
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            throw status;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            throw status;
        }
    }

    private RpcException? Translate(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException:
                return null;
            case ProfileException invalid:
                return ApiErrors.InvalidProfile(invalid);
            case ApiException api:
                return ApiErrors.From(api);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                // The caller went away or its deadline passed: Grpc.AspNetCore reports that status itself.
                return null;
            default:
                var correlationId = ApiErrors.NewCorrelationId();
                ApiLog.Failed(logger, ApiMethod.Of(context), correlationId, exception);
                return ApiErrors.Internal(correlationId);
        }
    }
}

using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Nictune.Core.Profiles;

namespace Nictune.Protocol.Api;

/// <summary>
/// Turns the backend's failures into statuses with structured details (<see cref="ApiErrors"/>): an invalid profile
/// is INVALID_ARGUMENT listing every problem; an <see cref="ApiException"/> keeps its code. Anything unexpected is
/// logged and becomes INTERNAL with its message, never a stack trace on the wire.
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
                ApiLog.Failed(logger, context.Method, exception);
                return new RpcException(new Status(StatusCode.Internal, $"{context.Method} failed: {exception.Message}"));
        }
    }
}

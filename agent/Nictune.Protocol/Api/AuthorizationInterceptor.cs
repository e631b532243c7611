using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Nictune.Protocol.Api;

/// <summary>
/// Lets read-only methods through and checks <see cref="ApiAccessPolicy"/> for the mutating ones: PERMISSION_DENIED,
/// saying what would be allowed, before the method runs at all.
/// </summary>
public sealed class AuthorizationInterceptor(ApiAccessPolicy policy, ILogger<AuthorizationInterceptor> logger) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!ApiAccessPolicy.IsMutating(context.Method))
        {
            return;
        }

        var caller = ConnectionIdentity.Of(context.GetHttpContext());
        if (policy.Deny(caller) is { } reason)
        {
            ApiLog.Denied(logger, context.Method, caller.ToString(), reason);
            throw new RpcException(new Status(StatusCode.PermissionDenied, reason));
        }
    }
}

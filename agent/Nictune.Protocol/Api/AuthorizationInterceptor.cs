using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Nictune.Protocol.Api;

/// <summary>
/// Lets read-only methods through and checks <see cref="ApiAccessPolicy"/> for the mutating ones: PERMISSION_DENIED,
/// saying what would be allowed, before the method runs at all. The method is the one routing resolved
/// (<see cref="ApiMethod"/>), never the request's spelling of the path. A refusal is audited by
/// <see cref="CallLogInterceptor"/>, in the call's one audit line.
/// </summary>
public sealed class AuthorizationInterceptor(ApiAccessPolicy policy) : Interceptor
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
        if (!ApiAccessPolicy.IsMutating(ApiMethod.Of(context)))
        {
            return;
        }

        if (policy.Deny(ConnectionIdentity.Of(context.GetHttpContext())) is { } reason)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, reason));
        }
    }
}

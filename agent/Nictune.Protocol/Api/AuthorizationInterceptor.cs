using Grpc.Core;
using Grpc.Core.Interceptors;
using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api;

/// <summary>
/// Decides every call, of every kind, on the access the contract gives its method (<see cref="MethodAccess"/>):
/// a method that reads runs for anyone who could connect; one that mutates runs when <see cref="ApiAccessPolicy"/>
/// allows the caller; any other (a method without the option) is refused to every caller. A refusal is
/// PERMISSION_DENIED, saying what would be allowed, before the method runs at all. The method is the one routing
/// resolved (<see cref="ApiMethod"/>), never the request's spelling of the path. A refusal is audited by
/// <see cref="CallLogInterceptor"/>, in the call's one audit line.
/// </summary>
public sealed class AuthorizationInterceptor(ApiAccessPolicy policy, MethodAccess methods) : Interceptor
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

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        var method = ApiMethod.Of(context);
        var refusal = methods.Of(method) switch
        {
            Access.Read => null,
            Access.Mutate => policy.Deny(ConnectionIdentity.Of(context.GetHttpContext())),
            _ => $"{method} has no access in the agent's contract (the (nictune.v1.access) option), so it is refused to every caller",
        };
        if (refusal is not null)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal));
        }
    }
}

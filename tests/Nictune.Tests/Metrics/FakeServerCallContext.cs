using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Nictune.Tests.Metrics;

/// <summary>
/// The least a server interceptor needs of a call: the method routing resolved (<paramref name="method"/>, on the
/// endpoint of its HTTP request as grpc-dotnet puts it), the path as the client spelled it (<paramref name="path"/>,
/// the method's by default), its status and its cancellation.
/// </summary>
internal sealed class FakeServerCallContext : ServerCallContext
{
    private readonly string _path;
    private readonly CancellationToken _cancellation;

    public FakeServerCallContext(string method, CancellationToken cancellation = default)
        : this(method, method, cancellation)
    {
    }

    public FakeServerCallContext(string method, string path, CancellationToken cancellation = default)
    {
        _path = path;
        _cancellation = cancellation;
        HttpContext = Resolved(method);
        HttpContext.Request.Path = _path;

        // Where GetHttpContext() finds the request of a call context that is not grpc-dotnet's own.
        UserState["__HttpContext"] = HttpContext;
    }

    public HttpContext HttpContext { get; }

    protected override string MethodCore => _path;

    protected override string HostCore => "localhost";

    protected override string PeerCore => "unix:";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => _cancellation;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    /// <summary>An HTTP request routed to the endpoint of <paramref name="method"/> (<c>/service/name</c>).</summary>
    public static DefaultHttpContext Resolved(string method)
    {
        var parts = method.Split('/');
        var grpc = new Method<string, string>(MethodType.Unary, parts[1], parts[2], Marshallers.StringMarshaller, Marshallers.StringMarshaller);
        var context = new DefaultHttpContext();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new GrpcMethodMetadata(typeof(FakeServerCallContext), grpc)), method));
        return context;
    }

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}

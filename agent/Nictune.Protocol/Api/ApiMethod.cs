using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Nictune.Protocol.Api;

/// <summary>
/// What method a request is a call of: the one routing resolved it to, named by the method's canonical full name
/// (<c>/nictune.v1.Agent/PutProfile</c>, from the <see cref="GrpcMethodMetadata"/> grpc-dotnet puts on each method's
/// endpoint), never by the request's path. ASP.NET Core's routing matches a path without regard to case and accepts a
/// trailing slash, so <c>/NICTUNE.V1.AGENT/PUTPROFILE</c> and <c>/nictune.v1.Agent/PutProfile/</c> reach PutProfile
/// too: access, audit and metrics are decided on this name, and <see cref="ApiPathGate"/> refuses every path that
/// is not exactly it.
/// </summary>
public static class ApiMethod
{
    /// <summary>What the metrics call a request that resolved to no method.</summary>
    public const string Unknown = "unknown";

    /// <summary>The canonical full name of the method routing resolved the request to, or null when it resolved to none.</summary>
    public static string? Resolved(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName;
    }

    /// <summary>The method an intercepted call resolved to, or <see cref="Unknown"/>.</summary>
    public static string Of(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Resolved(context.GetHttpContext()) ?? Unknown;
    }

    /// <summary>
    /// True when the request's path, exactly as the client sent it (HTTP/2 <c>:path</c>, before any decoding), is the
    /// canonical path of the method it resolved to.
    /// </summary>
    public static bool IsCanonical(HttpContext context, string method)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sent = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value;
        return string.Equals(sent, method, StringComparison.Ordinal);
    }
}

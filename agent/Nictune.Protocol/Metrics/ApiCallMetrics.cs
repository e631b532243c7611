using Grpc.Core;
using Prometheus;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// <c>nictune_grpc_calls_total{method,code}</c>: the control API's calls by method and final status. A method is a
/// canonical full name the agent serves, or <see cref="Api.ApiMethod.Unknown"/> for a request that reached none
/// (<see cref="Api.ApiPathGate"/>): the series are bounded by the services, whatever clients send.
/// </summary>
public sealed class ApiCallMetrics
{
    private readonly Counter _calls;

    internal ApiCallMetrics(IMetricFactory factory) =>
        _calls = factory.CreateCounter("nictune_grpc_calls_total", "Calls to nictune's gRPC API by full method name and status code (OK, INVALID_ARGUMENT, …).", ["method", "code"]);

    public void Completed(string method, StatusCode code) => _calls.WithLabels(method, Code(code)).Inc();

    /// <summary>The status code as the gRPC spec names it (doc/statuscodes.md).</summary>
    internal static string Code(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.Unknown => "UNKNOWN",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

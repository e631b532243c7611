using Grpc.Core;
using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api;

/// <summary>
/// A failure the backend reports with a specific gRPC status (NOT_FOUND, FAILED_PRECONDITION, ...), optionally with
/// structured problems. <see cref="ErrorInterceptor"/> turns it into a status with a google.rpc.Status detail.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(StatusCode code, string message, IReadOnlyList<Problem>? problems = null)
        : base(message)
    {
        Code = code;
        Problems = problems ?? [];
    }

    public ApiException()
        : this(StatusCode.Unknown, "unknown error")
    {
    }

    public ApiException(string message)
        : this(StatusCode.Unknown, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = StatusCode.Unknown;
        Problems = [];
    }

    public StatusCode Code { get; }

    public IReadOnlyList<Problem> Problems { get; }

    /// <summary>A stale <c>expected_generation</c>.</summary>
    public static ApiException StaleGeneration(ulong expected, ulong actual) =>
        new(StatusCode.FailedPrecondition, $"stale generation: expected {expected}, the agent is at {actual}; read the status and try again");
}

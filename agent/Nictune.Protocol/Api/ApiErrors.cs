using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Nictune.Core.Profiles;
using Nictune.Protocol.Api.V1;

namespace Nictune.Protocol.Api;

/// <summary>
/// Builds the statuses the API returns: a gRPC status code and message, plus a google.rpc.Status in the
/// <c>grpc-status-details-bin</c> trailer carrying <see cref="Problems"/> (every problem with file, line, column and
/// field) and, for INVALID_ARGUMENT, a google.rpc.BadRequest that generic tools (grpcurl) know how to print.
/// </summary>
public static class ApiErrors
{
    /// <summary>What a pushed document is called in problems (it has no file).</summary>
    public const string PushedDocument = "<pushed>";

    public static RpcException InvalidProfile(ProfileException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var problems = exception.Errors.Count > 0
            ? exception.Errors.Select(ToProblem).ToList()
            : [new Problem { Message = exception.Message }];
        var summary = problems.Count == 1 ? "the profile is invalid" : $"the profile has {problems.Count} problems";
        return Build(Grpc.Core.StatusCode.InvalidArgument, $"{summary}:\n{exception.Message}", problems);
    }

    public static RpcException From(ApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Build(exception.Code, exception.Message, exception.Problems);
    }

    public static Problem ToProblem(ProfileError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Problem
        {
            File = error.File,
            Line = (uint)Math.Max(error.Line, 0),
            Column = (uint)Math.Max(error.Column, 0),
            Field = error.Field,
            Message = error.Message,
        };
    }

    /// <summary>The problems carried by a failed call's google.rpc.Status, or none (for clients: the CLI).</summary>
    public static IReadOnlyList<Problem> ProblemsOf(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.GetRpcStatus()?.GetDetail<Problems>()?.Problems_ is { } problems ? [.. problems] : [];
    }

    private static RpcException Build(Grpc.Core.StatusCode code, string message, IReadOnlyList<Problem> problems)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        if (problems.Count > 0)
        {
            var list = new Problems();
            list.Problems_.AddRange(problems);
            status.Details.Add(Any.Pack(list));
            if (code == Grpc.Core.StatusCode.InvalidArgument)
            {
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(problems.Select(p => new BadRequest.Types.FieldViolation
                {
                    Field = p.Line > 0 ? $"{p.Line}:{p.Column}: {p.Field}" : p.Field,
                    Description = p.Message,
                }));
                status.Details.Add(Any.Pack(badRequest));
            }
        }

        return status.ToRpcException();
    }
}
